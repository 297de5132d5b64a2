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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Records last use without a write per request: a use is noted in memory at most once per interval
 * per key, and a background thread writes the notes in one batch a few times per interval. A batch
 * the store refuses is kept for the next run and told to {@link Failures}; no request waits for it.
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
  /** The service's own thread, or null when the host's scheduler runs the flushes. */
  private final ScheduledExecutorService ownFlusher;
  private final ScheduledFuture<?> flushes;
  private final Failures failures;

  /** Told of each batch that a flush nobody waits for could not write. */
  @FunctionalInterface
  public interface Failures {
    /**
     * A batch could not be written.
     *
     * @param keys how many keys' last use the batch held
     * @param retried whether they are kept for the next run; not when the recorder is closing
     * @param cause what the store threw
     */
    void failed(int keys, boolean retried, Throwable cause);
  }

  /**
   * @param scheduler the host's scheduler, or null for a daemon thread of the recorder's own
   */
  public LastUseRecorder(ApikeyStore store, Duration interval, Clock clock, ScheduledExecutorService scheduler,
      Failures failures) {
    this.store = store;
    this.interval = interval;
    this.clock = clock;
    this.failures = failures;
    this.ownFlusher = scheduler != null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "apikeys-last-use");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1_000, interval.toMillis() / 4);
    this.flushes = (scheduler != null ? scheduler : ownFlusher)
        .scheduleWithFixedDelay(() -> flushAndReport(false), period, period, TimeUnit.MILLISECONDS);
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

  /** How many keys' last use is noted and not yet written. */
  public int backlog() {
    return pending.size();
  }

  /** Writes what is pending; on failure keeps it for the next attempt and throws. */
  public void flush() {
    Map<KeyDigest, Instant> batch = take();
    if (!batch.isEmpty()) {
      write(batch);
    }
  }

  private Map<KeyDigest, Instant> take() {
    Map<KeyDigest, Instant> batch = new HashMap<>();
    for (Iterator<Map.Entry<KeyDigest, Instant>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<KeyDigest, Instant> e = it.next();
      batch.put(e.getKey(), e.getValue());
      it.remove();
    }
    return batch;
  }

  private void write(Map<KeyDigest, Instant> batch) {
    try {
      store.recordLastUse(batch);
      written.putAll(batch);
    } catch (RuntimeException | Error e) {
      batch.forEach(pending::putIfAbsent);
      throw e;
    }
    Instant horizon = clock.instant().minus(interval);
    written.values().removeIf(t -> t.isBefore(horizon));
  }

  /**
   * A flush that nobody waits for: the background runs, and the last one at close. A failure goes
   * to the listener, an Error too: thrown out of a scheduled task, it would end every later run
   * without a word.
   */
  private void flushAndReport(boolean closing) {
    Map<KeyDigest, Instant> batch = take();
    if (batch.isEmpty()) {
      return;
    }
    try {
      write(batch);
    } catch (RuntimeException | Error e) {
      try {
        failures.failed(batch.size(), !closing, e);
      } catch (RuntimeException ignored) {
        // a failing listener must not stop the next run
      }
    }
  }

  /** Stops the background runs, then writes what is pending. */
  @Override
  public void close() {
    flushes.cancel(false);
    if (ownFlusher != null) {
      ownFlusher.shutdown();
      try {
        ownFlusher.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flushAndReport(true);
  }
}
