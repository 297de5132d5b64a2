package dev.apikeys.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ForbiddenException;
import dev.apikeys.core.NameTakenException;
import dev.apikeys.core.StorageUnavailableException;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.ServiceListener.Operation;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import dev.apikeys.storage.tck.ForwardingApikeyStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ApikeyServiceMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private ApikeyService service(MemoryApikeyStore store) {
    return ApikeyService.builder().store(store).listener(new ApikeyServiceMetrics(registry)).build();
  }

  private Timer timer(String name, String outcome) {
    return registry.get(name).tag("outcome", outcome).timer();
  }

  private double refusals(String operation, String reason) {
    return registry.get("apikeys.refusals").tag("operation", operation).tag("reason", reason).counter().count();
  }

  @Test
  void everyOperationsTimerExistsFromTheStartForEveryOutcome() {
    service(new MemoryApikeyStore());

    for (String name : List.of("apikeys.authenticate", "apikeys.create", "apikeys.list", "apikeys.revoke", "apikeys.rotate")) {
      for (String outcome : List.of("success", "refused", "failed")) {
        assertThat(timer(name, outcome).count()).isZero();
      }
    }
    assertThat(registry.find("apikeys.refusals").counters()).as("registered at the first refusal").isEmpty();
  }

  @Test
  void authenticationsAreTimedByOutcomeAndRefusalsCountedByReason() {
    ApikeyService service = service(new MemoryApikeyStore());
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));

    for (int i = 0; i < 3; i++) {
      service.authenticate("acme", root.key().toString());
    }
    assertThatThrownBy(() -> service.authenticate("other", root.key().toString())).isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> service.authenticate("acme", null)).isInstanceOf(UnauthenticatedException.class);

    assertThat(timer("apikeys.authenticate", "success").count()).isEqualTo(3);
    assertThat(timer("apikeys.authenticate", "success").totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(timer("apikeys.authenticate", "refused").count()).isEqualTo(2);
    assertThat(timer("apikeys.authenticate", "failed").count()).isZero();
    assertThat(refusals("authenticate", "unauthenticated")).isEqualTo(2);
  }

  @Test
  void createListRotateAndRevokeAreTimedAndTheirRefusalsCountedByReason() {
    ApikeyService service = service(new MemoryApikeyStore());
    service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    Caller admin = Caller.of("acme", "alice", "admin");
    Caller viewer = Caller.of("acme", "bob", "viewer");

    service.create(admin, new ApikeyRequest("ci", "operator"));
    assertThatThrownBy(() -> service.create(admin, new ApikeyRequest("ci", "operator"))).isInstanceOf(NameTakenException.class);
    assertThatThrownBy(() -> service.create(viewer, new ApikeyRequest("x", "viewer"))).isInstanceOf(ForbiddenException.class);
    service.list(admin, null, 10);
    service.rotate(admin, "ci", java.time.Duration.ofMinutes(1));
    assertThatThrownBy(() -> service.rotate(viewer, "ci", java.time.Duration.ZERO)).isInstanceOf(ForbiddenException.class);
    service.revoke(admin, "ci");
    assertThatThrownBy(() -> service.revoke(admin, "ci")).hasMessageContaining("no API key of this name");

    assertThat(timer("apikeys.create", "success").count()).isEqualTo(2); // the bootstrap key and ci
    assertThat(timer("apikeys.create", "refused").count()).isEqualTo(2);
    assertThat(timer("apikeys.list", "success").count()).isEqualTo(1);
    assertThat(timer("apikeys.revoke", "success").count()).isEqualTo(1);
    assertThat(timer("apikeys.revoke", "refused").count()).isEqualTo(1);
    assertThat(refusals("create", "name-taken")).isEqualTo(1);
    assertThat(refusals("create", "forbidden")).isEqualTo(1);
    assertThat(refusals("revoke", "not-found")).isEqualTo(1);
    assertThat(timer("apikeys.rotate", "success").count()).isEqualTo(1);
    assertThat(timer("apikeys.rotate", "refused").count()).isEqualTo(1);
    assertThat(refusals("rotate", "forbidden")).isEqualTo(1);
  }

  @Test
  void aStoreThatFailsIsTimedAsFailedAndIsNoRefusal() {
    MemoryApikeyStore memory = new MemoryApikeyStore();
    ApikeyService service = ApikeyService.builder().store(new ForwardingApikeyStore(memory) {
      @Override
      public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
        throw new IllegalStateException("the database is down");
      }
    }).listener(new ApikeyServiceMetrics(registry)).build();

    assertThatThrownBy(() -> service.authenticate("acme", "3f2b8c1d-9e4a-4b7f-8c6d-2a1e0f9b7c5d"))
        .isInstanceOf(StorageUnavailableException.class);

    assertThat(timer("apikeys.authenticate", "failed").count()).isEqualTo(1);
    assertThat(registry.find("apikeys.refusals").counters()).isEmpty();
  }

  @Test
  void theLastUseBacklogIsAGauge() {
    try (ApikeyService service = ApikeyService.builder().store(new MemoryApikeyStore()).lastUseInterval(Duration.ofHours(1))
        .listener(new ApikeyServiceMetrics(registry)).build()) {
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      CreatedApikey ci = service.createBootstrapKey("acme", new ApikeyRequest("ci", "viewer"));
      Meter.Id id = registry.get("apikeys.last.use.backlog").gauge().getId();
      assertThat(id.getBaseUnit()).isEqualTo("keys");
      assertThat(registry.get("apikeys.last.use.backlog").gauge().value()).isZero();

      service.authenticate("acme", root.key().toString());
      service.authenticate("acme", ci.key().toString());
      assertThat(registry.get("apikeys.last.use.backlog").gauge().value()).isEqualTo(2);

      service.flushLastUse();
      assertThat(registry.get("apikeys.last.use.backlog").gauge().value()).isZero();
    }
  }

  @Test
  void everyMeterCarriesTheGivenTags() {
    ApikeyService service = ApikeyService.builder().store(new MemoryApikeyStore())
        .listener(new ApikeyServiceMetrics(registry, Tags.of("service", "billing"))).build();
    assertThatThrownBy(() -> service.authenticate("acme", "nope")).isInstanceOf(UnauthenticatedException.class);

    assertThat(registry.getMeters()).isNotEmpty().allSatisfy(meter ->
        assertThat(meter.getId().getTags()).contains(Tag.of("service", "billing")));
  }

  @Test
  void noMeterNamesATenantAKeyOrAName() {
    ApikeyService service = service(new MemoryApikeyStore());
    CreatedApikey root = service.createBootstrapKey("tenant-acme", new ApikeyRequest("name-root", "admin"));
    service.authenticate("tenant-acme", root.key().toString());
    assertThatThrownBy(() -> service.authenticate("tenant-acme", root.key().toString().replace('-', '_')))
        .isInstanceOf(UnauthenticatedException.class);

    String ids = registry.getMeters().stream().map(m -> m.getId().toString()).reduce("", String::concat);
    assertThat(ids).contains("apikeys.refusals").doesNotContain("tenant-acme").doesNotContain("name-root")
        .doesNotContain(root.key().toString().substring(0, 8));
  }

  @Test
  void timerNamesFollowTheOperation() {
    assertThat(ApikeyServiceMetrics.timerName(Operation.AUTHENTICATE)).isEqualTo("apikeys.authenticate");
    assertThat(ApikeyServiceMetrics.timerName(Operation.REVOKE)).isEqualTo("apikeys.revoke");
  }
}
