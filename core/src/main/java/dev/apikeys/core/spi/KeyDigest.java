package dev.apikeys.core.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
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

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  // The 32 bytes as four big-endian longs, in the object itself rather than in an array beside it:
  // 24 bytes less per stored key, and a lookup that compares digests follows one pointer fewer (a
  // cache miss in a large store; see BENCHMARKS.md).
  private final long b0;
  private final long b8;
  private final long b16;
  private final long b24;

  private KeyDigest(byte[] bytes) {
    this.b0 = (long) LONGS.get(bytes, 0);
    this.b8 = (long) LONGS.get(bytes, 8);
    this.b16 = (long) LONGS.get(bytes, 16);
    this.b24 = (long) LONGS.get(bytes, 24);
  }

  /**
   * Wraps 32 digest bytes, as read back from a store.
   *
   * @param bytes the digest; not kept
   * @return the digest
   * @throws IllegalArgumentException if the length is not 32
   */
  public static KeyDigest of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a key digest has " + LENGTH + " bytes, not " + bytes.length);
    }
    return new KeyDigest(bytes);
  }

  /**
   * Computes the digest of a key.
   *
   * @param key the plaintext key
   * @return SHA-256 over its 16 bytes, most significant first
   */
  public static KeyDigest ofKey(UUID key) {
    Sha256 sha = SHA_256.get();
    LONGS.set(sha.input, 0, key.getMostSignificantBits());
    LONGS.set(sha.input, 8, key.getLeastSignificantBits());
    sha.digest.update(sha.input);
    Arrays.fill(sha.input, (byte) 0); // the plaintext key must not outlive the call in a per-thread buffer
    try {
      sha.digest.digest(sha.output, 0, LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 has 32 bytes", e);
    }
    return new KeyDigest(sha.output);
  }

  /** One per thread: this runs on every authenticated request, and allocates nothing but the result. */
  private static final ThreadLocal<Sha256> SHA_256 = ThreadLocal.withInitial(Sha256::new);

  private static final class Sha256 {
    final MessageDigest digest;
    final byte[] input = new byte[16];
    final byte[] output = new byte[LENGTH];

    Sha256() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }
  }

  /**
   * A short stable fingerprint, safe to show and log: the first 8 bytes, in hex, of SHA-256 over
   * this digest. It reveals neither the key nor the digest that stores look keys up by.
   *
   * @return 16 lower-case hex digits
   */
  public String fingerprint() {
    return HexFormat.of().formatHex(SHA_256.get().digest.digest(bytes()), 0, 8);
  }

  /** A copy of the 32 digest bytes. */
  public byte[] bytes() {
    byte[] bytes = new byte[LENGTH];
    LONGS.set(bytes, 0, b0);
    LONGS.set(bytes, 8, b8);
    LONGS.set(bytes, 16, b16);
    LONGS.set(bytes, 24, b24);
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyDigest other && b0 == other.b0 && b8 == other.b8 && b16 == other.b16 && b24 == other.b24;
  }

  /** The first four bytes, big-endian: the bytes are uniformly random, so any four make a good hash code. */
  @Override
  public int hashCode() {
    return (int) (b0 >>> 32);
  }

  /** Shows nothing of the digest. */
  @Override
  public String toString() {
    return "KeyDigest[sha-256]";
  }
}
