package dev.apikeys.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

/** The raw work the baselines do with the JDK alone, written as anyone would write it. */
final class Raw {
  private Raw() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 16 random bytes from the generator, with version 4 and variant 10 set. */
  static byte[] version4(SecureRandom random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    return b;
  }

  /** The 16 bytes of a UUID, most significant first. */
  static byte[] bytes(UUID key) {
    byte[] b = new byte[16];
    long msb = key.getMostSignificantBits();
    long lsb = key.getLeastSignificantBits();
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) msb;
      b[8 + i] = (byte) lsb;
      msb >>>= 8;
      lsb >>>= 8;
    }
    return b;
  }

  /** The UUID of 16 bytes, most significant first. */
  static UUID uuid(byte[] b) {
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (b[i] & 0xff);
      lsb = (lsb << 8) | (b[8 + i] & 0xff);
    }
    return new UUID(msb, lsb);
  }

  /** A map key over digest bytes, as any digest-keyed map needs. */
  record Digest(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
