package dev.apikeys.micrometer;

import dev.apikeys.cache.CacheStats;
import dev.apikeys.cache.CachedApikeyStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The meters of a {@link CachedApikeyStore}, the verification cache:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code apikeys.cache.gets}</td><td>function counter</td><td>{@code result}</td>
 *       <td>lookups by digest: {@code hit} (a key from memory), {@code negative-hit} (known to be no
 *       key), {@code miss} (read from the store, then cached), {@code read-through} (read from the
 *       store while the feed could not confirm it was current)</td></tr>
 *   <tr><td>{@code apikeys.cache.evictions}</td><td>function counter</td><td></td><td>digests
 *       dropped to stay within the size bounds</td></tr>
 *   <tr><td>{@code apikeys.cache.invalidations}</td><td>function counter</td><td></td><td>digests
 *       dropped because their key changed</td></tr>
 *   <tr><td>{@code apikeys.cache.resets}</td><td>function counter</td><td></td><td>times everything
 *       was dropped, as the feed may have missed changes</td></tr>
 *   <tr><td>{@code apikeys.cache.size}</td><td>gauge</td><td></td><td>digests cached now, keys and
 *       unknown digests (an estimate)</td></tr>
 *   <tr><td>{@code apikeys.cache.feed.lag}</td><td>time gauge</td><td></td><td>how long ago the
 *       change feed last confirmed it had delivered every change; zero without a feed</td></tr>
 *   <tr><td>{@code apikeys.cache.serving}</td><td>gauge</td><td></td><td>1 while lookups are
 *       answered from memory, 0 while they read through</td></tr>
 * </table>
 *
 * <pre>{@code
 * new ApikeyCacheMetrics(cachedStore).bindTo(registry);
 * }</pre>
 *
 * The meters read the cache's own counters when the registry publishes: they cost a lookup
 * nothing. They do not keep the cache alive. The hit rate is {@code (hit + negative-hit) / all}.
 */
public final class ApikeyCacheMetrics implements MeterBinder {
  private final CachedApikeyStore cache;
  private final Tags tags;

  /**
   * Meters of {@code cache}.
   *
   * @param cache the cache
   */
  public ApikeyCacheMetrics(CachedApikeyStore cache) {
    this(cache, Tags.empty());
  }

  /**
   * Meters of {@code cache}, each with {@code tags} besides its own: to tell several caches apart.
   *
   * @param cache the cache
   * @param tags added to every meter
   */
  public ApikeyCacheMetrics(CachedApikeyStore cache, Iterable<Tag> tags) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gets(registry, "hit", CacheStats::hits);
    gets(registry, "negative-hit", CacheStats::negativeHits);
    gets(registry, "miss", CacheStats::misses);
    gets(registry, "read-through", CacheStats::readThroughs);
    counter(registry, "apikeys.cache.evictions", "Digests dropped to stay within the size bounds", CacheStats::evictions);
    counter(registry, "apikeys.cache.invalidations", "Digests dropped because their key changed", CacheStats::invalidations);
    counter(registry, "apikeys.cache.resets", "Times the whole cache was dropped, as the change feed may have missed changes",
        CacheStats::resets);
    Gauge.builder("apikeys.cache.size", cache, c -> c.stats().size())
        .description("Digests cached now, keys and unknown digests (an estimate)")
        .tags(tags).register(registry);
    TimeGauge.builder("apikeys.cache.feed.lag", cache, TimeUnit.NANOSECONDS, c -> c.feedLag().toNanos())
        .description("How long ago the change feed last confirmed it had delivered every change")
        .tags(tags).register(registry);
    Gauge.builder("apikeys.cache.serving", cache, c -> c.isServingFromCache() ? 1 : 0)
        .description("1 while lookups are answered from memory, 0 while they read through to the store")
        .tags(tags).register(registry);
  }

  private void gets(MeterRegistry registry, String result, ToLongFunction<CacheStats> count) {
    FunctionCounter.builder("apikeys.cache.gets", cache, c -> count.applyAsLong(c.stats()))
        .description("Lookups by digest, by result")
        .tags(tags).tag("result", result)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description, ToLongFunction<CacheStats> count) {
    FunctionCounter.builder(name, cache, c -> count.applyAsLong(c.stats()))
        .description(description).tags(tags).register(registry);
  }

  @Override
  public String toString() {
    return "ApikeyCacheMetrics[" + cache + "]";
  }
}
