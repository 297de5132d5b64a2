package dev.apikeys.cache;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import dev.apikeys.storage.tck.ForwardingApikeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A cache with a feed the test drives and a clock it moves, over a store it can change behind the cache's back. */
abstract class CacheFixture {
  /** The memory store as another process would change it: behind the cache's back. */
  final MemoryApikeyStore shared = new MemoryApikeyStore();
  final CountingStore counting = new CountingStore(shared);
  final ManualFeed feed = new ManualFeed();
  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final CachedApikeyStore cached = CachedApikeyStore.builder(counting).changeFeed(feed)
      .maxStaleness(Duration.ofSeconds(1)).ticker(now::get).build();

  /** The feed confirms it has delivered every change up to now. */
  void confirm() {
    feed.listener.upToDate(now.get());
  }

  /** Counts lookups, and can hold one between its read and its return. */
  static final class CountingStore extends ForwardingApikeyStore {
    final AtomicInteger lookups = new AtomicInteger();
    volatile Runnable pause = () -> { };

    CountingStore(ApikeyStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
      lookups.incrementAndGet();
      Optional<StoredApikey> found = delegate.findByDigest(tenant, digest);
      pause.run();
      return found;
    }
  }
}
