package dev.apikeys.cache;

import java.util.concurrent.atomic.LongAdder;

/** What a {@link CachedApikeyStore} counts, for {@link CachedApikeyStore#stats()}. */
final class Counters {
  final LongAdder hits = new LongAdder();
  final LongAdder negativeHits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder readThroughs = new LongAdder();
  final LongAdder evictions = new LongAdder();
  final LongAdder invalidations = new LongAdder();
  final LongAdder resets = new LongAdder();

  CacheStats snapshot(long size) {
    return new CacheStats(hits.sum(), negativeHits.sum(), misses.sum(), readThroughs.sum(), evictions.sum(),
        invalidations.sum(), resets.sum(), size);
  }
}
