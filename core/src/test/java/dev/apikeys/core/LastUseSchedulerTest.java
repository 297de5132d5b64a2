package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoreFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Last use written on the host's scheduler, as a cache runs on its host's executor. */
class LastUseSchedulerTest {
  /** Tells on which thread each batch was written. */
  static final class RecordingStore extends LifecycleTest.FirstVersionStore {
    final BlockingQueue<String> writers = new LinkedBlockingQueue<>();

    @Override
    public Set<StoreFeature> features() {
      return Set.of(StoreFeature.LAST_USE);
    }

    @Override
    public void recordLastUse(Map<KeyDigest, Instant> uses) {
      writers.add(Thread.currentThread().getName());
    }
  }

  @Test
  void batchesAreWrittenOnTheHostsSchedulerWhichClosingLeavesRunning() throws Exception {
    RecordingStore store = new RecordingStore();
    ScheduledExecutorService host = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "host-scheduler"));
    try {
      ApikeyService service = ApikeyService.builder().store(store).lastUseInterval(Duration.ofSeconds(4))
          .lastUseScheduler(host).build();
      CreatedApikey key = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      service.authenticate("acme", key.key().toString());
      assertThat(store.writers.poll(10, TimeUnit.SECONDS)).as("a batch written within a run's period (1 s)").isEqualTo("host-scheduler");

      service.authenticate("acme", key.key().toString());
      service.close();
      assertThat(host.isShutdown()).isFalse();
    } finally {
      host.shutdownNow();
    }
  }

  @Test
  void aSchedulerWithoutLastUseTrackingIsAMistake() {
    ScheduledExecutorService host = Executors.newSingleThreadScheduledExecutor();
    try {
      assertThatThrownBy(() -> ApikeyService.builder().store(new RecordingStore()).lastUseScheduler(host).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("lastUseInterval");
    } finally {
      host.shutdownNow();
    }
  }
}
