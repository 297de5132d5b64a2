package dev.apikeys.benchmarks;

import java.util.function.Supplier;

/**
 * What a create benchmark writes into, started afresh every {@link #SIZE} creates: a store that
 * grew without bound over an iteration (to a million keys a second) measured the garbage collector
 * copying it more than the create. Shared by the benchmark's threads; one that reads the old value
 * just after a swap writes a key or two more into it, which does not matter.
 */
final class Window<T> {
  /** The most keys a window holds: a large tenant's. */
  static final int SIZE = 10_000;

  private final Supplier<T> fresh;
  private volatile T current;

  Window(Supplier<T> fresh) {
    this.fresh = fresh;
    this.current = fresh.get();
  }

  /** The value to write the {@code n}-th key into: a fresh one at every multiple of {@link #SIZE}. */
  T at(long n) {
    if (n % SIZE == 0) {
      current = fresh.get();
    }
    return current;
  }
}
