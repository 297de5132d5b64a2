package dev.apikeys.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.cache.CachedApikeyStore;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.spi.ChangeFeed;
import dev.apikeys.core.spi.ChangeListener;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ApikeyCacheMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** A feed the test confirms by hand. */
  static final class ManualFeed implements ChangeFeed {
    volatile @Nullable ChangeListener listener;

    @Override
    public void start(ChangeListener listener) {
      this.listener = listener;
    }

    @Override
    public void close() {}
  }

  private double gets(String result) {
    return registry.get("apikeys.cache.gets").tag("result", result).functionCounter().count();
  }

  @Test
  void hitsMissesAndSizeFollowTheLookups() {
    CachedApikeyStore cache = CachedApikeyStore.of(new MemoryApikeyStore());
    new ApikeyCacheMetrics(cache).bindTo(registry);
    ApikeyService service = ApikeyService.ofDefaults(cache);
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));

    service.authenticate("acme", root.key().toString());
    service.authenticate("acme", root.key().toString());
    service.authenticate("acme", root.key().toString());
    String unknown = UUID.randomUUID().toString();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> service.authenticate("acme", unknown)).isInstanceOf(UnauthenticatedException.class);
    }

    assertThat(gets("miss")).isEqualTo(2);
    assertThat(gets("hit")).isEqualTo(2);
    assertThat(gets("negative-hit")).isEqualTo(1);
    assertThat(gets("read-through")).isZero();
    assertThat(registry.get("apikeys.cache.size").gauge().value()).isEqualTo(2);
    assertThat(registry.get("apikeys.cache.serving").gauge().value()).isEqualTo(1);
    assertThat(registry.get("apikeys.cache.feed.lag").timeGauge().value(TimeUnit.SECONDS)).isZero();

    service.createBootstrapKey("acme", new ApikeyRequest("ci", "viewer"));
    service.revoke(dev.apikeys.core.Caller.of("acme", "alice", "admin"), "ci");
    assertThat(registry.get("apikeys.cache.invalidations").functionCounter().count()).as("two inserts, one revoke").isEqualTo(3);
  }

  @Test
  void theFeedLagIsHowLongAgoTheFeedLastConfirmed() {
    ManualFeed feed = new ManualFeed();
    CachedApikeyStore cache = CachedApikeyStore.builder(new MemoryApikeyStore()).changeFeed(feed)
        .maxStaleness(Duration.ofSeconds(1)).build();
    new ApikeyCacheMetrics(cache, Tags.of("store", "main")).bindTo(registry);
    ApikeyService service = ApikeyService.ofDefaults(cache);
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));

    service.authenticate("acme", root.key().toString());
    assertThat(registry.get("apikeys.cache.serving").tag("store", "main").gauge().value()).as("not confirmed yet").isZero();
    assertThat(gets("read-through")).isEqualTo(1);

    assertThat(registry.get("apikeys.cache.feed.lag").timeGauge().value(TimeUnit.SECONDS)).as("stale from the start")
        .isGreaterThan(1).isLessThan(60);
    assertThat(registry.get("apikeys.cache.feed.lag").timeGauge().baseTimeUnit()).isEqualTo(TimeUnit.SECONDS);

    ChangeListener listener = feed.listener;
    assertThat(listener).isNotNull();

    listener.upToDate(System.nanoTime());
    assertThat(registry.get("apikeys.cache.feed.lag").timeGauge().value(TimeUnit.SECONDS)).isLessThan(1);
    assertThat(registry.get("apikeys.cache.serving").gauge().value()).isEqualTo(1);
    assertThat(registry.get("apikeys.cache.resets").functionCounter().count()).as("a confirmation after a gap drops all")
        .isGreaterThanOrEqualTo(1);
    service.authenticate("acme", root.key().toString());
    assertThat(gets("miss")).isEqualTo(1);
  }
}
