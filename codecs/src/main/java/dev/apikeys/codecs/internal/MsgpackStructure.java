package dev.apikeys.codecs.internal;

import dev.apikeys.codecs.Codec;

/**
 * A walk over msgpack bytes before any parser sees them: exactly one value, nothing after it, no
 * nesting deeper than {@link Codec#MAX_DEPTH}, every length within the body, no extension types.
 *
 * <p>transit-java's msgpack parser recurses once per level and sizes collections by their
 * declared length; after this walk, recursion is bounded and every declared element exists (at
 * least one byte each), so nothing is allocated beyond the size of the body.
 */
final class MsgpackStructure {
  private static final String FORMAT = "transit+msgpack";

  private MsgpackStructure() {}

  static void check(byte[] b) {
    long[] remaining = new long[Codec.MAX_DEPTH + 1];
    remaining[0] = 1; // the one top-level value
    int depth = 0;
    int pos = 0;
    while (true) {
      while (depth > 0 && remaining[depth] == 0) {
        depth--;
      }
      if (depth == 0 && remaining[0] == 0) {
        break;
      }
      if (pos >= b.length) {
        throw Malformed.because(Malformed.TRUNCATED);
      }
      remaining[depth]--;
      int head = b[pos++] & 0xff;
      long skip = 0;
      long children = -1;
      if (head <= 0x7f || head >= 0xe0) {
        // fixint
      } else if (head <= 0x8f) {
        children = 2L * (head & 0x0f);
      } else if (head <= 0x9f) {
        children = head & 0x0f;
      } else if (head <= 0xbf) {
        skip = head & 0x1f;
      } else {
        switch (head) {
          case 0xc0, 0xc2, 0xc3 -> { }
          case 0xc4, 0xd9 -> skip = unsigned(b, pos, 1);
          case 0xc5, 0xda -> skip = unsigned(b, pos, 2);
          case 0xc6, 0xdb -> skip = unsigned(b, pos, 4);
          case 0xcc, 0xd0 -> skip = 1;
          case 0xcd, 0xd1 -> skip = 2;
          case 0xca, 0xce, 0xd2 -> skip = 4;
          case 0xcb, 0xcf, 0xd3 -> skip = 8;
          case 0xdc -> children = unsigned(b, pos, 2);
          case 0xdd -> children = unsigned(b, pos, 4);
          case 0xde -> children = 2 * unsigned(b, pos, 2);
          case 0xdf -> children = 2 * unsigned(b, pos, 4);
          // 0xc1 is never used; extension types (0xc7-0xc9, 0xd4-0xd8) are not transit
          default -> throw Malformed.because(Malformed.syntax(FORMAT));
        }
        pos += lengthBytes(head);
      }
      if (skip > b.length - pos) {
        throw Malformed.because(Malformed.TRUNCATED);
      }
      pos += (int) skip;
      if (children >= 0) {
        if (children > b.length - pos) {
          throw Malformed.because(Malformed.TRUNCATED);
        }
        if (depth == Codec.MAX_DEPTH) {
          throw Malformed.because(Malformed.TOO_DEEP);
        }
        remaining[++depth] = children;
      }
    }
    if (pos != b.length) {
      throw Malformed.because(Malformed.TRAILING);
    }
  }

  /** How many bytes of length follow the head byte of a str, bin, array or map. */
  private static int lengthBytes(int head) {
    return switch (head) {
      case 0xc4, 0xd9 -> 1;
      case 0xc5, 0xda, 0xdc, 0xde -> 2;
      case 0xc6, 0xdb, 0xdd, 0xdf -> 4;
      default -> 0;
    };
  }

  private static long unsigned(byte[] b, int pos, int n) {
    if (n > b.length - pos) {
      throw Malformed.because(Malformed.TRUNCATED);
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (b[pos + i] & 0xff);
    }
    return v;
  }
}
