package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.spi.KeyDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A key that a client sends where a tenant or a name belongs is refused, and the refusal's audit
 * event must not carry it: clients swap the two headers, and paste keys into the wrong field.
 */
class AuditRedactionTest {
  private final List<AuditEvent> events = new ArrayList<>();
  private final ApikeyService service =
      ApikeyService.builder().store(new LifecycleTest.FirstVersionStore()).auditSink(events::add).build();
  private final CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
  private final String key = root.key().toString();
  private final String shown = "<key-shaped key:" + KeyDigest.ofKey(root.key()).fingerprint() + ">";

  @Test
  void aKeySentAsTheTenantIsNotInTheRefusal() {
    events.clear();
    assertThatThrownBy(() -> service.authenticate(key, "acme")).isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> service.authenticate(key.toUpperCase(Locale.ROOT), key)).isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> service.authenticate("x " + key + " y", key)).isInstanceOf(UnauthenticatedException.class);

    assertThat(events).hasSize(3).allSatisfy(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
      assertThat(e.toLogLine().toLowerCase(Locale.ROOT)).doesNotContain(key);
      assertThat(e.tenant()).contains(shown);
    });
    assertThat(events.get(2).tenant()).isEqualTo("x " + shown + " y");
  }

  @Test
  void aKeySentAsANameIsNotInTheRefusal() {
    Caller caller = service.authenticate("acme", key);
    events.clear();
    assertThatThrownBy(() -> service.create(caller, new ApikeyRequest(key, "no-such-role"))).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> service.create(caller, new ApikeyRequest(key.replace("-", ""), "no-such-role")))
        .isInstanceOf(InvalidRequestException.class);

    assertThat(events).hasSize(2).allSatisfy(e -> {
      assertThat(e.toLogLine()).doesNotContain(key, key.replace("-", ""));
      assertThat(e.target()).isEqualTo(shown);
    });
  }

  @Test
  void aKeyCutInTwoByTheLengthLimitLeavesNoPartInTheEvent() {
    String padded = "t".repeat(240) + key;
    assertThatThrownBy(() -> service.authenticate(padded, key)).isInstanceOf(UnauthenticatedException.class);

    String tenant = events.get(events.size() - 1).tenant();
    assertThat(tenant).hasSizeLessThanOrEqualTo(256).startsWith("t".repeat(240)).doesNotContain(key.substring(0, 8));
  }

  @Test
  void otherTextAndSuccessfulEventsAreLeftAlone() {
    assertThatThrownBy(() -> service.authenticate("initech", key)).isInstanceOf(UnauthenticatedException.class);
    assertThat(events.get(events.size() - 1).tenant()).isEqualTo("initech");
    String uuidTenant = UUID.randomUUID().toString();
    CreatedApikey inUuidTenant = service.createBootstrapKey(uuidTenant, new ApikeyRequest("root", "admin"));
    events.clear();
    service.authenticate(uuidTenant, inUuidTenant.key().toString());
    service.create(service.authenticate(uuidTenant, inUuidTenant.key().toString()), new ApikeyRequest("ci", "viewer"));
    assertThat(events).last().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
      assertThat(e.tenant()).as("a tenant named by a UUID, in an event that succeeded").isEqualTo(uuidTenant);
    });
    String almost = "a".repeat(31) + "g" + "x".repeat(40) + "1-1-1-1-1";
    assertThat(AuditEvent.presented(almost)).as("31 hex digits, and no canonical UUID").isEqualTo(almost);
    assertThat(AuditEvent.presented(null)).isNull();
  }
}
