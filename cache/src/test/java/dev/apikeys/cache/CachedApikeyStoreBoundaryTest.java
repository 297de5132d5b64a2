package dev.apikeys.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.tck.StoredKeys;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The edges of the staleness bound, the counters, and the options' limits. */
class CachedApikeyStoreBoundaryTest extends CacheFixture {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  @Test
  void servesFromMemoryUpToExactlyTheBoundAndReadsThroughOneNanosecondLater() {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    cached.findByDigest("acme", key.digest());
    now.addAndGet(SECOND);
    assertThat(cached.isServingFromCache()).isTrue();
    assertThat(cached.findByDigest("acme", key.digest())).contains(key);
    assertThat(counting.lookups.get()).isEqualTo(1);
    now.incrementAndGet();
    assertThat(cached.isServingFromCache()).isFalse();
    assertThat(cached.findByDigest("acme", key.digest())).as("read through, and found").contains(key);
    assertThat(counting.lookups.get()).isEqualTo(2);
    assertThat(cached.stats().readThroughs()).isEqualTo(1);
  }

  @Test
  void aConfirmationWithinTheBoundKeepsTheEntriesAndOneAfterAGapDropsThem() {
    confirm();
    long resets = cached.stats().resets();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    cached.findByDigest("acme", key.digest());
    now.addAndGet(SECOND);
    confirm(); // exactly at the bound: nothing could have been missed
    assertThat(cached.stats().resets()).isEqualTo(resets);
    assertThat(cached.stats().size()).isEqualTo(1);
    now.addAndGet(SECOND + 1);
    confirm(); // one nanosecond past it: changes may have been missed
    assertThat(cached.stats().resets()).isEqualTo(resets + 1);
    assertThat(cached.stats().size()).isZero();
  }

  @Test
  void aConfirmationOlderThanTheLastOneDoesNotMoveItBack() {
    confirm();
    long confirmedAt = now.get();
    feed.listener.upToDate(confirmedAt - SECOND / 2); // delivered late, out of order
    assertThat(cached.feedLag()).isZero();
    now.set(confirmedAt + SECOND);
    assertThat(cached.isServingFromCache()).isTrue();
  }

  @Test
  void aResetAlsoDropsTheDigestsKnownToBeUnknown() {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(cached.findByDigest("acme", key.digest())).isEmpty();
    shared.insert(key); // by another process whose change the feed lost
    feed.listener.reset();
    assertThat(cached.findByDigest("acme", key.digest())).contains(key);
  }

  @Test
  void aLookupThatRacesAResetDoesNotCacheWhatItRead() throws Exception {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    Optional<StoredApikey> read = pausedLookup(key.digest(), () -> feed.listener.reset());
    assertThat(read).contains(key);
    int lookups = counting.lookups.get();
    cached.findByDigest("acme", key.digest());
    assertThat(counting.lookups.get()).as("read again: the reset may have hidden a change").isEqualTo(lookups + 1);
  }

  @Test
  void aLookupThatRacesAnInvalidationOfAnUnrelatedDigestKeepsWhatItRead() throws Exception {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    KeyDigest other = digestInAnotherStripeThan(key.digest());
    Optional<StoredApikey> read = pausedLookup(key.digest(), () -> feed.listener.changed("acme", other));
    assertThat(read).contains(key);
    int lookups = counting.lookups.get();
    assertThat(cached.findByDigest("acme", key.digest())).contains(key);
    assertThat(counting.lookups.get()).as("answered from memory").isEqualTo(lookups);
  }

  @Test
  void aLookupOfAnotherTenantsKeyCountsAsANegativeHit() {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    cached.findByDigest("acme", key.digest());
    assertThat(cached.findByDigest("globex", key.digest())).isEmpty();
    assertThat(cached.stats().negativeHits()).isEqualTo(1);
    assertThat(cached.stats().hits()).isZero();
  }

  @Test
  void theSizeCountsKeysAndUnknownDigests() {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    cached.findByDigest("acme", key.digest());
    cached.findByDigest("acme", KeyDigest.ofKey(new UUID(1, 2)));
    assertThat(cached.stats().size()).isEqualTo(2);
  }

  @Test
  void keysEvictedForTheBoundAreCounted() {
    CachedApikeyStore one = CachedApikeyStore.builder(shared).maximumSize(1).maximumUnknownSize(1).build();
    StoredApikey a = StoredKeys.key("acme", "a");
    StoredApikey b = StoredKeys.key("acme", "b");
    shared.insert(a);
    shared.insert(b);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      one.findByDigest("acme", a.digest());
      one.findByDigest("acme", b.digest());
      assertThat(one.stats().evictions()).isPositive();
    });
  }

  @Test
  void theHitRateIsTheShareOfLookupsAnsweredFromMemory() {
    assertThat(new CacheStats(3, 1, 2, 2, 0, 0, 0, 0).hitRate()).isEqualTo(0.5);
    assertThat(new CacheStats(0, 0, 0, 0, 0, 0, 0, 0).hitRate()).isZero();
    assertThat(new CacheStats(0, 1, 0, 3, 0, 0, 0, 0).hitRate()).isEqualTo(0.25);
  }

  @Test
  void optionsAcceptTheirLimits() {
    CachedApikeyStore smallest = CachedApikeyStore.builder(shared).maximumSize(1).maximumUnknownSize(1)
        .maxStaleness(Duration.ofMillis(10)).build();
    assertThat(smallest.isServingFromCache()).isTrue();
    CachedApikeyStore.builder(shared).maxStaleness(Duration.ofHours(1)).build();
    assertThatThrownBy(() -> CachedApikeyStore.builder(shared).maxStaleness(Duration.ofHours(1).plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachedApikeyStore.builder(shared).maxStaleness(Duration.ofMillis(10).minusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describesItselfWithoutItsEntries() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    CachedApikeyStore alone = CachedApikeyStore.of(shared);
    alone.findByDigest("acme", key.digest());
    assertThat(alone.toString()).contains("1 keys").contains("no feed")
        .doesNotContain(key.digest().fingerprint()).doesNotContain("ci");
    assertThat(cached.toString()).contains("maxStaleness PT1S").doesNotContain("no feed");
  }

  /** Looks {@code digest} up on another thread, running {@code meanwhile} after the store's read. */
  private Optional<StoredApikey> pausedLookup(KeyDigest digest, Runnable meanwhile) throws Exception {
    CountDownLatch read = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    counting.pause = () -> {
      read.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<StoredApikey>> lookup = thread.submit(() -> cached.findByDigest("acme", digest));
      assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
      counting.pause = () -> { };
      meanwhile.run();
      release.countDown();
      return lookup.get(10, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
    }
  }

  /** The cache tells loads from invalidations by 64 stripes of the digest's hash. */
  private static KeyDigest digestInAnotherStripeThan(KeyDigest digest) {
    for (int i = 0; ; i++) {
      KeyDigest other = KeyDigest.ofKey(new UUID(9, i));
      if ((other.hashCode() & 63) != (digest.hashCode() & 63)) {
        return other;
      }
    }
  }
}
