package dev.apikeys.cache;

/**
 * What a {@link CachedApikeyStore} has done since it was built.
 *
 * @param hits lookups answered from memory with a key
 * @param negativeHits lookups answered from memory with no key: a digest known to be unknown
 * @param misses lookups that read the store and cached what it said
 * @param readThroughs lookups that read the store without trusting the cache: the feed had not
 *     confirmed it was current within the bound
 * @param evictions digests dropped to stay within the size bound
 * @param invalidations digests dropped because their key changed
 * @param resets times everything was dropped: the feed may have missed changes
 * @param size digests cached now (an estimate)
 */
public record CacheStats(
    long hits, long negativeHits, long misses, long readThroughs, long evictions, long invalidations, long resets, long size) {
  /**
   * The share of lookups answered from memory.
   *
   * @return from 0 to 1; 0 before the first lookup
   */
  public double hitRate() {
    long answered = hits + negativeHits;
    long all = answered + misses + readThroughs;
    return all == 0 ? 0 : (double) answered / all;
  }
}
