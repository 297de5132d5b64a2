package dev.apikeys.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The recorder on its own: how much it keeps while the store cannot be written, and the thread it runs on. */
class LastUseRecorderTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Takes only last-use writes: each batch's size, and the thread that wrote it. */
  private static class LastUseStore implements ApikeyStore {
    final BlockingQueue<Integer> batchSizes = new LinkedBlockingQueue<>();
    final BlockingQueue<Thread> writers = new LinkedBlockingQueue<>();

    @Override
    public void recordLastUse(Map<KeyDigest, Instant> uses) {
      writers.add(Thread.currentThread());
      batchSizes.add(uses.size());
    }

    @Override
    public InsertOutcome insert(StoredApikey key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<StoredApikey> list(String tenant) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String tenant, String name) {
      throw new UnsupportedOperationException();
    }
  }

  private static StoredApikey key(long n) {
    KeyDigest digest = KeyDigest.ofKey(new UUID(0x4000, 0x8000_0000_0000_0000L | n));
    return new StoredApikey("acme", "k" + n, "viewer", digest, digest.fingerprint(), "bootstrap", NOW);
  }

  @Test
  void keepsAtMostAHundredThousandKeysUntilAFlushAndDropsTheRest() {
    LastUseStore store = new LastUseStore();
    ScheduledExecutorService host = Executors.newSingleThreadScheduledExecutor();
    try {
      // runs every quarter of an hour: never during this test
      LastUseRecorder recorder = new LastUseRecorder(store, Duration.ofHours(1), CLOCK, host, (keys, retried, cause) -> {});
      for (long n = 0; n <= 100_000; n++) {
        recorder.used(key(n), NOW);
      }
      recorder.flush();
      assertThat(store.batchSizes).containsExactly(100_000);
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void withoutAHostSchedulerBatchesAreWrittenOnADaemonThreadOfItsOwn() throws InterruptedException {
    LastUseStore store = new LastUseStore();
    LastUseRecorder recorder = new LastUseRecorder(store, Duration.ofSeconds(1), CLOCK, null, (keys, retried, cause) -> {});
    try {
      recorder.used(key(1), NOW);
      Thread writer = store.writers.poll(30, TimeUnit.SECONDS); // the first run, a second from now
      assertThat(writer).as("a batch written within 30 s").isNotNull();
      assertThat(writer.getName()).isEqualTo("apikeys-last-use");
      assertThat(writer.isDaemon()).as("a daemon: it never keeps the host's JVM alive").isTrue();
    } finally {
      recorder.close();
    }
  }

  @Test
  void closingOnAnInterruptedThreadKeepsItInterrupted() throws InterruptedException {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LastUseStore store = new LastUseStore() {
      @Override
      public void recordLastUse(Map<KeyDigest, Instant> uses) {
        writing.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    LastUseRecorder recorder = new LastUseRecorder(store, Duration.ofSeconds(1), CLOCK, null, (keys, retried, cause) -> {});
    try {
      recorder.used(key(1), NOW);
      assertThat(writing.await(30, TimeUnit.SECONDS)).as("the background run is writing").isTrue();

      // close() waits for that run to end; an interrupt ends the wait, and the thread must still know it was interrupted
      Thread.currentThread().interrupt();
      recorder.close();
      assertThat(Thread.interrupted()).isTrue();
    } finally {
      Thread.interrupted();
      release.countDown();
    }
  }
}
