package dev.apikeys.core.internal;

import java.util.UUID;

/** UUID helpers that {@link UUID} lacks: a strict canonical parser and a version-4 builder. */
public final class Uuids {
  private Uuids() {}

  /** Builds a version-4, variant-10 UUID from 16 random bytes, as {@link UUID#randomUUID()} does. */
  public static UUID version4(byte[] b) {
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (b[i] & 0xff);
    }
    for (int i = 8; i < 16; i++) {
      lsb = (lsb << 8) | (b[i] & 0xff);
    }
    return new UUID(msb, lsb);
  }

  private static final byte[] HEX = new byte[128];

  static {
    java.util.Arrays.fill(HEX, (byte) -1);
    for (int i = 0; i < 10; i++) {
      HEX['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      HEX['a' + i] = (byte) (10 + i);
      HEX['A' + i] = (byte) (10 + i);
    }
  }

  /**
   * Parses the canonical 36-character form {@code 8-4-4-4-12}, hex digits in either case.
   * Unlike {@link UUID#fromString(String)} it refuses every other spelling, such as {@code
   * 1-1-1-1-1}, and it never throws.
   *
   * <p>This runs on every authenticated request: a table lookup per digit and one check at the end,
   * with no branch that depends on the digits.
   *
   * @return the UUID, or {@code null} if the text is not canonical
   */
  public static UUID parseCanonical(String s) {
    if (s == null || s.length() != 36
        || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
      return null;
    }
    // A bad digit is -1: OR-ing every digit makes the result negative if any was bad.
    long msb = hex(s, 0, 8);
    long m2 = hex(s, 9, 13);
    long m3 = hex(s, 14, 18);
    long l1 = hex(s, 19, 23);
    long l2 = hex(s, 24, 36);
    if ((msb | m2 | m3 | l1 | l2) < 0) {
      return null;
    }
    return new UUID(msb << 32 | m2 << 16 | m3, l1 << 48 | l2);
  }

  /** The hex value of s[from, to), or a negative number if any character is not a hex digit. */
  private static long hex(String s, int from, int to) {
    long value = 0;
    long bad = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      long digit = c < 128 ? HEX[c] : -1;
      bad |= digit;
      value = value << 4 | (digit & 0xf);
    }
    return value | (bad & Long.MIN_VALUE);
  }
}
