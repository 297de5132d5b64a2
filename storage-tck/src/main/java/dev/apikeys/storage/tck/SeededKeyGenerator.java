package dev.apikeys.storage.tck;

import dev.apikeys.core.spi.KeyGenerator;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic {@link KeyGenerator} for tests: the same seed gives the same version-4 UUIDs in
 * the same order. Predictable by design: never use it outside tests.
 */
public final class SeededKeyGenerator implements KeyGenerator {
  private final long seed;
  private SplittableRandom random;

  /**
   * A generator with the given seed.
   *
   * @param seed the seed; print it when a test fails
   */
  public SeededKeyGenerator(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  @Override
  public synchronized UUID newKey() {
    long msb = (random.nextLong() & ~0xf000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** Starts the sequence over. */
  public synchronized void reset() {
    random = new SplittableRandom(seed);
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return "SeededKeyGenerator[seed=" + seed + "]";
  }
}
