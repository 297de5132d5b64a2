package dev.apikeys.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.ChangeFeed;
import dev.apikeys.core.spi.ChangeListener;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.RotateOutcome;
import dev.apikeys.core.spi.Rotation;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Any {@link ApikeyStore} with its lookups by digest, the one operation every request makes,
 * answered from memory: the verification cache.
 *
 * <pre>{@code
 * CachedApikeyStore store = CachedApikeyStore.builder(jdbcStore)
 *     .changeFeed(JdbcChangeFeed.create(dataSource))  // what other processes change
 *     .build();
 * ApikeyService service = ApikeyService.ofDefaults(store);
 * }</pre>
 *
 * <p>It caches what {@link #findByDigest} finds, and what it does not find: a flood of random keys
 * reaches the store once per key, not once per request. At most {@link Builder#maximumSize} keys
 * (100,000 unless set) and {@link Builder#maximumUnknownSize} unknown digests (10,000) are kept,
 * apart, so that a flood of random keys evicts no real one; the least useful go first. Everything else passes through
 * to the store. The service still checks each key's expiry at every use, and still records its
 * last use; a cached key's {@link StoredApikey#lastUsedAt()} may be older than the store's.
 *
 * <p>How current it is, with a feed and without one: the {@linkplain dev.apikeys.cache package
 * documentation}.
 *
 * <p>Thread-safe. {@link #close()} closes the feed.
 */
public final class CachedApikeyStore implements ApikeyStore, AutoCloseable {
  /** The most keys kept unless set: {@value}. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  /** The most unknown digests kept unless set: {@value}. */
  public static final long DEFAULT_MAXIMUM_UNKNOWN_SIZE = 10_000;

  /** How old the feed's last confirmation may be before lookups read through, unless set. */
  public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(1);

  /** Loads of a digest are told apart from invalidations of it by stripe, not one counter for all. */
  private static final int STRIPES = 64;

  private final ApikeyStore store;
  private final @Nullable ChangeFeed feed;
  /** Keys found, by digest. */
  private final Cache<KeyDigest, Optional<StoredApikey>> found;
  /** Digests a tenant has no key of, to that tenant: apart, so that a flood of random keys evicts no real one. */
  private final Cache<KeyDigest, String> unknown;
  private final long maxStalenessNanos;
  private final LongSupplier ticker;
  /** Raised before each invalidation; a load whose stripe moved meanwhile takes back what it cached. */
  private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
  /** The instant up to which the feed last confirmed it delivered every change; unused without a feed. */
  private volatile long upToDateNanos;
  private final Counters counters = new Counters();

  private CachedApikeyStore(Builder b, long maximumSize, long maximumUnknownSize, Duration maxStaleness) {
    this.store = b.store;
    this.feed = b.feed;
    this.maxStalenessNanos = maxStaleness.toNanos();
    this.ticker = b.ticker;
    this.found = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .<KeyDigest, Optional<StoredApikey>>evictionListener((digest, key, cause) -> counters.evictions.increment())
        .build();
    this.unknown = Caffeine.newBuilder()
        .maximumSize(maximumUnknownSize)
        .<KeyDigest, String>evictionListener((digest, tenant, cause) -> counters.evictions.increment())
        .build();
    // Stale until the feed first confirms.
    this.upToDateNanos = ticker.getAsLong() - maxStalenessNanos - 1;
    if (feed != null) {
      feed.start(new Listener());
    }
  }

  /**
   * A cache over {@code store} with no feed and every default: for a store only this process
   * writes to.
   *
   * @param store the store
   * @return the cached store
   */
  public static CachedApikeyStore of(ApikeyStore store) {
    return builder(store).build();
  }

  /**
   * A builder.
   *
   * @param store the store to cache
   * @return the builder
   */
  public static Builder builder(ApikeyStore store) {
    return new Builder(store);
  }

  @Override
  public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
    if (fresh()) {
      Optional<StoredApikey> key = found.getIfPresent(digest);
      if (key != null) {
        if (key.get().tenant().equals(tenant)) {
          counters.hits.increment();
          return key;
        }
        // A digest is unique across tenants: another tenant's key is no key of this one.
        counters.negativeHits.increment();
        return Optional.empty();
      }
      String tenantWithout = unknown.getIfPresent(digest);
      if (tenantWithout != null && tenantWithout.equals(tenant)) {
        counters.negativeHits.increment();
        return Optional.empty();
      }
      return load(tenant, digest);
    }
    counters.readThroughs.increment();
    return store.findByDigest(tenant, digest);
  }

  private Optional<StoredApikey> load(String tenant, KeyDigest digest) {
    counters.misses.increment();
    int stripe = stripe(digest);
    long generation = generations.get(stripe);
    Optional<StoredApikey> key = store.findByDigest(tenant, digest);
    // An invalidation raises the stripe before it removes: if it ran since the read began, either
    // it removed this entry or the entry is taken back here.
    if (key.isPresent()) {
      found.put(digest, key);
      if (generations.get(stripe) != generation || !fresh()) {
        found.asMap().remove(digest, key);
      }
    } else {
      unknown.put(digest, tenant);
      if (generations.get(stripe) != generation || !fresh()) {
        unknown.asMap().remove(digest, tenant);
      }
    }
    return key;
  }

  private boolean fresh() {
    return feed == null || ticker.getAsLong() - upToDateNanos <= maxStalenessNanos;
  }

  private static int stripe(KeyDigest digest) {
    return digest.hashCode() & (STRIPES - 1);
  }

  /** Drops one digest. */
  private void invalidate(KeyDigest digest) {
    generations.incrementAndGet(stripe(digest));
    found.invalidate(digest);
    unknown.invalidate(digest);
    counters.invalidations.increment();
  }

  /** Drops everything. */
  private void invalidateAll() {
    for (int i = 0; i < STRIPES; i++) {
      generations.incrementAndGet(i);
    }
    found.invalidateAll();
    unknown.invalidateAll();
    counters.resets.increment();
  }

  @Override
  public InsertOutcome insert(StoredApikey key) {
    try {
      return store.insert(key);
    } finally {
      // Also when the insert failed: it may have committed before the failure was seen.
      invalidate(key.digest());
    }
  }

  /** A revoke that always agrees: the digests dropped are those of the key deleted, not of an earlier read. */
  @Override
  public boolean delete(String tenant, String name) {
    return revoke(tenant, name, (key, tenantKeys) -> RevokeOutcome.REVOKED) == RevokeOutcome.REVOKED;
  }

  @Override
  public RevokeOutcome revoke(String tenant, String name, RevokeDecision decision) {
    Objects.requireNonNull(decision, "decision");
    List<StoredApikey> decided = new CopyOnWriteArrayList<>();
    try {
      return store.revoke(tenant, name, (key, tenantKeys) -> {
        decided.add(key);
        return decision.decide(key, tenantKeys);
      });
    } finally {
      decided.forEach(this::invalidateKeys);
    }
  }

  /** A rotation changes three digests: the new key's, the replaced key's (now with an end), and the dropped previous key's. */
  @Override
  public RotateOutcome rotate(String tenant, String name, Rotation rotation) {
    Objects.requireNonNull(rotation, "rotation");
    List<StoredApikey> seen = new CopyOnWriteArrayList<>();
    try {
      return store.rotate(tenant, name, current -> {
        seen.add(current);
        StoredApikey next = rotation.replace(current);
        if (next != null) {
          seen.add(next);
        }
        return next;
      });
    } finally {
      seen.forEach(this::invalidateKeys);
    }
  }

  /** Drops the digest of a key and of its previous key. */
  private void invalidateKeys(StoredApikey key) {
    invalidate(key.digest());
    Optional.ofNullable(key.previous()).ifPresent(previous -> invalidate(previous.digest()));
  }

  @Override
  public List<StoredApikey> list(String tenant) {
    return store.list(tenant);
  }

  @Override
  public List<StoredApikey> list(String tenant, @Nullable String afterName, int limit) {
    return store.list(tenant, afterName, limit);
  }

  @Override
  public Optional<StoredApikey> findByName(String tenant, String name) {
    return store.findByName(tenant, name);
  }

  @Override
  public Set<StoreFeature> features() {
    return store.features();
  }

  /** Passes through: a last use is no change a lookup depends on. */
  @Override
  public void recordLastUse(Map<KeyDigest, Instant> uses) {
    store.recordLastUse(uses);
  }

  /**
   * What the cache has done so far.
   *
   * @return the counts and the current size
   */
  public CacheStats stats() {
    return counters.snapshot(found.estimatedSize() + unknown.estimatedSize());
  }

  /**
   * How long ago the feed last confirmed it had delivered every change: above {@link
   * Builder#maxStaleness}, lookups read through. Zero without a feed.
   *
   * @return the feed's lag
   */
  public Duration feedLag() {
    return feed == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, ticker.getAsLong() - upToDateNanos));
  }

  /** Whether lookups are answered from memory now: there is no feed, or it confirmed recently. */
  public boolean isServingFromCache() {
    return fresh();
  }

  /** Closes the feed, if any; lookups then read through. */
  @Override
  public void close() {
    if (feed != null) {
      feed.close();
    }
  }

  @Override
  public String toString() {
    return "CachedApikeyStore[" + store + ", " + found.estimatedSize() + " keys, " + unknown.estimatedSize() + " unknown digests"
        + (feed == null ? ", no feed" : ", " + feed + ", maxStaleness " + Duration.ofNanos(maxStalenessNanos)) + "]";
  }

  /** The cache's side of the feed. */
  private final class Listener implements ChangeListener {
    @Override
    public void changed(String tenant, KeyDigest digest) {
      invalidate(digest);
    }

    @Override
    public void upToDate(long asOfNanos) {
      long previous = upToDateNanos;
      if (asOfNanos - previous > maxStalenessNanos) {
        // The entries were not trusted meanwhile; changes may have been missed in that time.
        invalidateAll();
      }
      if (asOfNanos - previous > 0) {
        upToDateNanos = asOfNanos;
      }
    }

    @Override
    public void reset() {
      invalidateAll();
    }
  }

  /** Builds a {@link CachedApikeyStore}; each option may be set once. */
  public static final class Builder {
    private final ApikeyStore store;
    private @Nullable ChangeFeed feed;
    private @Nullable Long maximumSize;
    private @Nullable Long maximumUnknownSize;
    private @Nullable Duration maxStaleness;
    private LongSupplier ticker = System::nanoTime;

    private Builder(ApikeyStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The store's change feed, which the cache starts and closes: needed whenever another process
     * writes to the store. None unless set.
     *
     * @param feed the feed, not yet started
     * @return this builder
     */
    public Builder changeFeed(ChangeFeed feed) {
      Objects.requireNonNull(feed, "feed");
      if (this.feed != null) {
        throw new IllegalStateException("changeFeed is already set");
      }
      this.feed = feed;
      return this;
    }

    /**
     * The most keys to keep: {@value CachedApikeyStore#DEFAULT_MAXIMUM_SIZE} unless set. Unknown
     * digests are bounded apart: {@link #maximumUnknownSize}.
     *
     * @param maximumSize at least 1
     * @return this builder
     */
    public Builder maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1: " + maximumSize);
      }
      if (this.maximumSize != null) {
        throw new IllegalStateException("maximumSize is already set");
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /**
     * The most unknown digests to keep, apart from the keys so that a flood of random keys evicts
     * no real one: {@value CachedApikeyStore#DEFAULT_MAXIMUM_UNKNOWN_SIZE} unless set. A random key
     * reaches the store once; one presented again (a client retrying a revoked key) is answered
     * from memory while it is among these.
     *
     * @param maximumUnknownSize at least 1
     * @return this builder
     */
    public Builder maximumUnknownSize(long maximumUnknownSize) {
      if (maximumUnknownSize < 1) {
        throw new IllegalArgumentException("maximumUnknownSize must be at least 1: " + maximumUnknownSize);
      }
      if (this.maximumUnknownSize != null) {
        throw new IllegalStateException("maximumUnknownSize is already set");
      }
      this.maximumUnknownSize = maximumUnknownSize;
      return this;
    }

    /**
     * How old the feed's last confirmation may be before every lookup reads through to the store:
     * the bound on how late a change made elsewhere is seen here. One second unless set; it
     * matters only with a feed.
     *
     * @param maxStaleness from 10 milliseconds to one hour
     * @return this builder
     */
    public Builder maxStaleness(Duration maxStaleness) {
      Objects.requireNonNull(maxStaleness, "maxStaleness");
      if (maxStaleness.compareTo(Duration.ofMillis(10)) < 0 || maxStaleness.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("maxStaleness must be 10 ms to 1 hour: " + maxStaleness);
      }
      if (this.maxStaleness != null) {
        throw new IllegalStateException("maxStaleness is already set");
      }
      this.maxStaleness = maxStaleness;
      return this;
    }

    /** The clock of staleness, for tests. */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds the cached store and starts the feed, if any.
     *
     * @return the cached store
     */
    public CachedApikeyStore build() {
      if (maximumSize == null) {
        maximumSize = DEFAULT_MAXIMUM_SIZE;
      }
      if (maxStaleness == null) {
        maxStaleness = DEFAULT_MAX_STALENESS;
      }
      if (maximumUnknownSize == null) {
        maximumUnknownSize = DEFAULT_MAXIMUM_UNKNOWN_SIZE;
      }
      return new CachedApikeyStore(this, maximumSize, maximumUnknownSize, maxStaleness);
    }
  }
}
