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

  /**
   * Parses the canonical 36-character form {@code 8-4-4-4-12}, hex digits in either case.
   * Unlike {@link UUID#fromString(String)} it refuses every other spelling, such as {@code
   * 1-1-1-1-1}, and it never throws.
   *
   * @return the UUID, or {@code null} if the text is not canonical
   */
  public static UUID parseCanonical(CharSequence s) {
    if (s == null || s.length() != 36) {
      return null;
    }
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return null;
        }
        continue;
      }
      int digit = hexValue(c);
      if (digit < 0) {
        return null;
      }
      if (i < 19) {
        msb = (msb << 4) | digit;
      } else {
        lsb = (lsb << 4) | digit;
      }
    }
    return new UUID(msb, lsb);
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
