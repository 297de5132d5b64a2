package dev.apikeys.core.spi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * The SHA-256 digest of an API key: what stores keep and look keys up by.
 *
 * <p>The digest is taken over the key's 16 bytes (most significant first), so any spelling of the
 * same UUID has the same digest. Immutable; {@link #toString()} shows nothing of the bytes.
 */
public final class KeyDigest {
  /** The length of a digest in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private final int hash;

  private KeyDigest(byte[] bytes) {
    this.bytes = bytes;
    // The bytes are uniformly random: any four of them make a good hash code.
    this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
  }

  /**
   * Wraps 32 digest bytes, as read back from a store.
   *
   * @param bytes the digest; copied
   * @return the digest
   * @throws IllegalArgumentException if the length is not 32
   */
  public static KeyDigest of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a key digest has " + LENGTH + " bytes, not " + bytes.length);
    }
    return new KeyDigest(bytes.clone());
  }

  /**
   * Computes the digest of a key.
   *
   * @param key the plaintext key
   * @return SHA-256 over its 16 bytes, most significant first
   */
  public static KeyDigest ofKey(UUID key) {
    byte[] input = new byte[16];
    putLong(input, 0, key.getMostSignificantBits());
    putLong(input, 8, key.getLeastSignificantBits());
    return new KeyDigest(SHA_256.get().digest(input));
  }

  private static void putLong(byte[] target, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      target[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java platform has SHA-256", e);
            }
          });

  /**
   * A short stable fingerprint, safe to show and log: the first 8 bytes, in hex, of SHA-256 over
   * this digest. It reveals neither the key nor the digest that stores look keys up by.
   *
   * @return 16 lower-case hex digits
   */
  public String fingerprint() {
    return HexFormat.of().formatHex(SHA_256.get().digest(bytes), 0, 8);
  }

  /** A copy of the 32 digest bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyDigest other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Shows nothing of the digest. */
  @Override
  public String toString() {
    return "KeyDigest[sha-256]";
  }
}
