package dev.apikeys.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
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

class CachedApikeyStoreTest extends CacheFixture {
  @Test
  void answersARepeatedLookupFromMemory() {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    assertThat(cached.findByDigest("acme", key.digest())).contains(key);
    assertThat(cached.findByDigest("acme", key.digest())).contains(key);
    assertThat(counting.lookups.get()).isEqualTo(1);
    assertThat(cached.stats().hits()).isEqualTo(1);
    assertThat(cached.stats().misses()).isEqualTo(1);
  }

  @Test
  void aKeyDeletedElsewhereIsFoundUntilTheFeedSaysItChanged() {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    cached.findByDigest("acme", key.digest());
    shared.delete("acme", "ci");
    assertThat(cached.findByDigest("acme", key.digest())).as("cached: the feed has not told").contains(key);
    feed.listener.changed("acme", key.digest());
    assertThat(cached.findByDigest("acme", key.digest())).isEmpty();
    assertThat(cached.stats().invalidations()).isEqualTo(1);
  }

  @Test
  void unknownDigestsReachTheStoreOnceEach() {
    confirm();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 1000; i++) {
        assertThat(cached.findByDigest("acme", KeyDigest.ofKey(new UUID(7, i)))).isEmpty();
      }
    }
    assertThat(counting.lookups.get()).isEqualTo(1000);
    assertThat(cached.stats().negativeHits()).isEqualTo(2000);
  }

  @Test
  void aKeyCreatedElsewhereIsFoundOnceTheFeedSaysSoEvenAfterItsDigestWasLookedUp() {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(cached.findByDigest("acme", key.digest())).isEmpty();
    shared.insert(key);
    feed.listener.changed("acme", key.digest());
    assertThat(cached.findByDigest("acme", key.digest())).contains(key);
  }

  @Test
  void aKeyOfAnotherTenantIsNoKeyOfThisOne() {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    assertThat(cached.findByDigest("acme", key.digest())).contains(key);
    assertThat(cached.findByDigest("globex", key.digest())).isEmpty();
    assertThat(cached.findByDigest("acme", key.digest())).contains(key);
  }

  @Test
  void readsThroughWhenTheFeedHasNotConfirmedWithinTheBoundAndStartsEmptyWhenItDoes() {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    cached.findByDigest("acme", key.digest());
    now.addAndGet(Duration.ofMillis(1001).toNanos());
    // The feed is silent (its connection lost): a revoke elsewhere is seen at once all the same.
    shared.delete("acme", "ci");
    assertThat(cached.isServingFromCache()).isFalse();
    assertThat(cached.findByDigest("acme", key.digest())).isEmpty();
    assertThat(cached.stats().readThroughs()).isEqualTo(1);
    assertThat(cached.feedLag()).isEqualTo(Duration.ofMillis(1001));

    shared.insert(key);
    long resets = cached.stats().resets();
    confirm(); // back: what it missed is unknown, so it starts empty
    assertThat(cached.stats().resets()).isEqualTo(resets + 1);
    assertThat(cached.stats().size()).isZero();
    assertThat(cached.findByDigest("acme", key.digest())).contains(key);
  }

  @Test
  void isStaleUntilTheFeedFirstConfirms() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    cached.findByDigest("acme", key.digest());
    cached.findByDigest("acme", key.digest());
    assertThat(counting.lookups.get()).isEqualTo(2);
    assertThat(cached.stats().readThroughs()).isEqualTo(2);
  }

  @Test
  void aResetDropsEverything() {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    cached.findByDigest("acme", key.digest());
    feed.listener.reset();
    cached.findByDigest("acme", key.digest());
    assertThat(counting.lookups.get()).isEqualTo(2);
  }

  @Test
  void aLookupThatRacesAnInvalidationDoesNotCacheWhatItRead() throws Exception {
    confirm();
    StoredApikey key = StoredKeys.key("acme", "ci");
    shared.insert(key);
    CountDownLatch read = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    counting.pause = () -> {
      read.countDown();
      awaitLatch(release);
    };
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      // The lookup has read the key and is about to cache it when another process revokes it.
      Future<Optional<StoredApikey>> lookup = thread.submit(() -> cached.findByDigest("acme", key.digest()));
      assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
      counting.pause = () -> { };
      shared.delete("acme", "ci");
      feed.listener.changed("acme", key.digest());
      release.countDown();
      assertThat(lookup.get(10, TimeUnit.SECONDS)).contains(key);
    } finally {
      thread.shutdownNow();
    }
    assertThat(cached.findByDigest("acme", key.digest())).as("the key read before the revoke was not kept").isEmpty();
  }

  @Test
  void writesThroughTheCacheDropWhatTheyChangeWithoutAFeed() {
    CachedApikeyStore alone = CachedApikeyStore.of(new MemoryApikeyStore());
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(alone.findByDigest("acme", key.digest())).isEmpty();
    assertThat(alone.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(alone.findByDigest("acme", key.digest())).contains(key);
    assertThat(alone.delete("acme", "ci")).isTrue();
    assertThat(alone.findByDigest("acme", key.digest())).isEmpty();
    alone.insert(key);
    alone.findByDigest("acme", key.digest());
    assertThat(alone.revokeUnlessLast("acme", "ci", k -> false)).isEqualTo(dev.apikeys.core.spi.RevokeOutcome.REVOKED);
    assertThat(alone.findByDigest("acme", key.digest())).isEmpty();
    assertThat(alone.isServingFromCache()).isTrue();
  }

  @Test
  void aMillionRandomDigestsKeepTheCacheWithinItsBound() {
    CachedApikeyStore bounded = CachedApikeyStore.builder(new MemoryApikeyStore()).maximumSize(10_000).build();
    for (int i = 0; i < 1_000_000; i++) {
      bounded.findByDigest("acme", KeyDigest.ofKey(new UUID(42, i)));
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      bounded.findByDigest("acme", KeyDigest.ofKey(new UUID(43, 0)));
      assertThat(bounded.stats().size()).isLessThanOrEqualTo(10_000);
    });
    assertThat(bounded.stats().evictions()).isGreaterThanOrEqualTo(1_000_000 - 10_000);
  }

  @Test
  void aFloodOfRandomKeysEvictsNoRealOne() {
    CachedApikeyStore bounded = CachedApikeyStore.builder(counting).maximumSize(100).maximumUnknownSize(100).build();
    java.util.List<StoredApikey> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      StoredApikey key = StoredKeys.key("acme", "k" + i);
      shared.insert(key);
      keys.add(key);
      bounded.findByDigest("acme", key.digest());
    }
    for (int i = 0; i < 100_000; i++) {
      bounded.findByDigest("acme", KeyDigest.ofKey(new UUID(44, i)));
    }
    int lookups = counting.lookups.get();
    for (StoredApikey key : keys) {
      assertThat(bounded.findByDigest("acme", key.digest())).contains(key);
    }
    assertThat(counting.lookups.get()).as("every real key still answered from memory").isEqualTo(lookups);
  }

  @Test
  void closingClosesTheFeed() {
    cached.close();
    assertThat(feed.closed).isTrue();
  }

  @Test
  void optionsAreCheckedAndSetOnce() {
    assertThatThrownBy(() -> CachedApikeyStore.builder(shared).maximumSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachedApikeyStore.builder(shared).maximumUnknownSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachedApikeyStore.builder(shared).maxStaleness(Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachedApikeyStore.builder(shared).maximumSize(5).maximumSize(5)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CachedApikeyStore.builder(shared).changeFeed(new ManualFeed()).changeFeed(new ManualFeed()))
        .isInstanceOf(IllegalStateException.class);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
