package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How each way an operation ends is recorded: success, refusal (below 500) or failure, with its error code. */
class AuditOutcomeTest {
  private static final Caller ADMIN = Caller.of("acme", "alice", "admin");
  private static final UUID K1 = UUID.fromString("11111111-1111-4111-8111-111111111111");

  private final List<AuditEvent> events = new ArrayList<>();

  private static void assertEvent(AuditEvent e, AuditEvent.Action action, String tenant, String actor, String target,
      AuditEvent.Outcome outcome, String errorCode) {
    assertThat(e).extracting(AuditEvent::action, AuditEvent::tenant, AuditEvent::actor, AuditEvent::target, AuditEvent::outcome,
        AuditEvent::errorCode).containsExactly(action, tenant, actor, target, outcome, errorCode);
  }

  @Test
  void anInternalErrorOfTheServiceIsRecordedAsAFailureNotARefusal() {
    ApikeyService service = ApikeyService.builder().store(new ApikeyServiceTest.ScriptedStore(InsertOutcome.DIGEST_TAKEN))
        .keyGenerator(() -> K1).maxKeyAttempts(1).auditSink(events::add).build();
    assertThatThrownBy(() -> service.create(ADMIN, new ApikeyRequest("ci", "viewer"))).isInstanceOf(ApikeyException.class);
    assertThat(events).singleElement().satisfies(e ->
        assertEvent(e, AuditEvent.Action.CREATE, "acme", "alice", "ci", AuditEvent.Outcome.FAILED, "internal"));
  }

  @Test
  void anExceptionFromAHostsCollaboratorIsRecordedAsAnInternalFailure() {
    ApikeyService service = ApikeyService.builder().store(new ApikeyServiceTest.ScriptedStore(InsertOutcome.INSERTED))
        .keyGenerator(() -> {
          throw new IllegalStateException("entropy source gone");
        }).auditSink(events::add).build();
    assertThatThrownBy(() -> service.create(ADMIN, new ApikeyRequest("ci", "viewer")))
        .isInstanceOf(IllegalStateException.class).hasMessage("entropy source gone");
    assertThat(events).singleElement().satisfies(e ->
        assertEvent(e, AuditEvent.Action.CREATE, "acme", "alice", "ci", AuditEvent.Outcome.FAILED, "internal"));
  }

  @Test
  void aStoreThatFailsDuringAuthenticationIsRecordedAsAFailedAuthentication() {
    ApikeyService service = ApikeyService.builder().store(new ApikeyServiceTest.ScriptedStore() {
      @Override
      public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
        throw new IllegalStateException("pool closed");
      }
    }).auditSink(events::add).build();
    assertThatThrownBy(() -> service.authenticate("acme", K1.toString())).isInstanceOf(StorageUnavailableException.class);
    assertThat(events).singleElement().satisfies(e ->
        assertEvent(e, AuditEvent.Action.AUTHENTICATE, "acme", null, null, AuditEvent.Outcome.FAILED, "storage-unavailable"));
  }

  @Test
  void aRefusedAuthenticationIsRecordedWithoutAnActor() {
    ApikeyService service = ApikeyService.builder().store(new ApikeyServiceTest.ScriptedStore()).auditSink(events::add).build();
    assertThatThrownBy(() -> service.authenticate("acme", K1.toString())).isSameAs(UnauthenticatedException.instance());
    assertThat(events).singleElement().satisfies(e ->
        assertEvent(e, AuditEvent.Action.AUTHENTICATE, "acme", null, null, AuditEvent.Outcome.REFUSED, "unauthenticated"));
  }

  @Test
  void aTenantsFirstKeyIsRecordedOnceAndLaterCallsRecordNothing() {
    LifecycleTest.FirstVersionStore store = new LifecycleTest.FirstVersionStore();
    ApikeyService service = ApikeyService.builder().store(store).auditSink(events::add).build();

    assertThat(service.createFirstKey("acme", new ApikeyRequest("root", "admin"))).isPresent();
    assertThat(service.createFirstKey("acme", new ApikeyRequest("root", "admin"))).isEmpty();
    assertThat(service.createFirstKey("acme", new ApikeyRequest("other", "admin"))).isEmpty();

    assertThat(store.keys).extracting(StoredApikey::name).containsExactly("root");
    assertThat(events).singleElement().satisfies(e ->
        assertEvent(e, AuditEvent.Action.CREATE, "acme", "bootstrap", "root", AuditEvent.Outcome.SUCCESS, null));
  }

  @Test
  void anInvalidFirstKeyIsRefusedAndRecordedAsARefusal() {
    LifecycleTest.FirstVersionStore store = new LifecycleTest.FirstVersionStore();
    ApikeyService service = ApikeyService.builder().store(store).auditSink(events::add).build();

    assertThatThrownBy(() -> service.createFirstKey("acme", new ApikeyRequest("root", "root")))
        .isInstanceOf(InvalidRequestException.class);

    assertThat(store.keys).isEmpty();
    assertThat(events).singleElement().satisfies(e ->
        assertEvent(e, AuditEvent.Action.CREATE, "acme", "bootstrap", "root", AuditEvent.Outcome.REFUSED, "invalid-request"));
  }

  @Test
  void aFirstKeyForAnUnusableTenantIsAMisuseOfTheApi() {
    ApikeyService service = ApikeyService.builder().store(new ValidationTest.UntouchableStore()).auditSink(events::add).build();
    for (String tenant : List.of("", " ", "ac\nme", "t".repeat(257))) {
      assertThatThrownBy(() -> service.createFirstKey(tenant, new ApikeyRequest("root", "admin")))
          .as("tenant of %d characters", tenant.length())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a tenant is 1 to 256 characters, not blank, no control characters");
    }
    assertThat(events).isEmpty();
  }

  @Test
  void aFirstKeyThatAnotherProcessMadeAtTheSameMomentGivesEmpty() {
    // the tenant looked empty, then the insert found the name taken: another process won the race
    ApikeyService service = ApikeyService.builder().store(new ApikeyServiceTest.ScriptedStore(InsertOutcome.NAME_TAKEN))
        .auditSink(events::add).build();
    assertThat(service.createFirstKey("acme", new ApikeyRequest("root", "admin"))).isEmpty();
    assertThat(events).isEmpty();
  }
}
