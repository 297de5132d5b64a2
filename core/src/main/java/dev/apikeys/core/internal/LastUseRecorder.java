package dev.apikeys.core.internal;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records last use without a write per request: a use is noted in memory at most once per interval
 * per key, and a background thread writes the notes in one batch a few times per interval.
 */
public final class LastUseRecorder implements AutoCloseable {
  /** Notes kept when the store keeps failing; beyond this, new uses are dropped until a flush works. */
  private static final int MAX_PENDING = 100_000;

  private final ApikeyStore store;
  private final Duration interval;
  private final Clock clock;
  private final ConcurrentHashMap<KeyDigest, Instant> pending = new ConcurrentHashMap<>();
  /** What this instance wrote last per key, so that a read racing a flush does not note it again. */
  private final ConcurrentHashMap<KeyDigest, Instant> written = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher;

  public LastUseRecorder(ApikeyStore store, Duration interval, Clock clock) {
    this.store = store;
    this.interval = interval;
    this.clock = clock;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "apikeys-last-use");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1_000, interval.toMillis() / 4);
    flusher.scheduleWithFixedDelay(this::flushQuietly, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Called on every successful authentication: no map is looked at unless the stored last use is
   * due, and one lookup suffices while the key is already noted.
   */
  public void used(StoredApikey key, Instant now) {
    if (due(key.lastUsedAt(), now) && !pending.containsKey(key.digest()) && due(written.get(key.digest()), now)
        && pending.size() < MAX_PENDING) {
      pending.putIfAbsent(key.digest(), now);
    }
  }

  private boolean due(Instant last, Instant now) {
    return last == null || !now.isBefore(last.plus(interval));
  }

  /** Writes what is pending; on failure keeps it for the next attempt. */
  public void flush() {
    if (pending.isEmpty()) {
      return;
    }
    Map<KeyDigest, Instant> batch = new HashMap<>();
    for (Iterator<Map.Entry<KeyDigest, Instant>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<KeyDigest, Instant> e = it.next();
      batch.put(e.getKey(), e.getValue());
      it.remove();
    }
    try {
      store.recordLastUse(batch);
      written.putAll(batch);
    } catch (RuntimeException e) {
      batch.forEach(pending::putIfAbsent);
      throw e;
    }
    Instant horizon = clock.instant().minus(interval);
    written.values().removeIf(t -> t.isBefore(horizon));
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      // the store is unavailable: the notes stay pending and the next run tries again
    }
  }

  /** Stops the background thread after a last flush. */
  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
