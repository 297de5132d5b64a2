package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The lifecycle's core rules on small stores; the full contract on real stores is in apikeys-storage-tck. */
class LifecycleTest {
  static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Caller ADMIN = Caller.of("acme", "alice", "admin");

  /** A store with only the four methods every store must have. */
  static class FirstVersionStore extends dev.apikeys.core.spi.MinimalStore {}

  /** A first-version store that claims expiry, so the validator's rules can be seen. */
  static class ExpiringStore extends FirstVersionStore {
    @Override
    public Set<StoreFeature> features() {
      return Set.of(StoreFeature.EXPIRY);
    }
  }

  @Test
  void aFirstVersionStoreStillListsPagesAndRevokes() {
    FirstVersionStore store = new FirstVersionStore();
    ApikeyService service = ApikeyService.builder().store(store).clock(CLOCK).build();
    service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    for (String name : List.of("c", "a", "b")) {
      service.create(ADMIN, new ApikeyRequest(name, "viewer"));
    }
    ApikeyPage page = service.list(ADMIN, "a", 2);
    assertThat(page.keys()).extracting(ApikeyInfo::name).containsExactly("b", "c");
    assertThat(page.next()).isEqualTo("c");
    service.revoke(ADMIN, "b");
    assertThat(service.listAll(ADMIN)).extracting(ApikeyInfo::name).containsExactly("a", "c", "root");
    assertThat(catchThrowableOfType(ApikeyException.class, () -> service.revoke(ADMIN, "root")).errorCode())
        .isEqualTo(ErrorCode.LAST_ADMINISTRATOR);
  }

  @Test
  void aStoreWithoutRotationAnswersNotImplementedAndKeepsItsKeys() {
    FirstVersionStore store = new FirstVersionStore();
    ApikeyService service = ApikeyService.builder().store(store).build();
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    Caller admin = service.authenticate("acme", root.key().toString());
    ApikeyException e = catchThrowableOfType(ApikeyException.class, () -> service.rotate(admin, "root", Duration.ZERO));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
    assertThat(e.status()).isEqualTo(501);
    assertThat(service.authenticate("acme", root.key().toString()).id()).isEqualTo(admin.id());
    assertThatThrownBy(() -> store.rotate("acme", "root", current -> current)).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("StoreFeature.ROTATION");
  }

  @Test
  void aCallerAuthenticatedByAKeyNamesItsKeyAndOneTheHostMadeNamesNone() {
    ApikeyService service = ApikeyService.builder().store(new FirstVersionStore()).clock(CLOCK).build();
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    CreatedApikey ci = service.create(ADMIN, new ApikeyRequest("deploy/ci", "viewer"));

    Caller byKey = service.authenticate("acme", ci.key().toString());
    assertThat(byKey.keyName()).contains("deploy/ci");
    assertThat(byKey.id()).startsWith(ApikeyService.KEY_CALLER_PREFIX).isNotEqualTo("deploy/ci");
    assertThat(service.authenticate("acme", root.key().toString()).keyName()).contains("root");
    assertThat(byKey.toString()).contains("deploy/ci").doesNotContain(ci.key().toString());
    assertThat(ADMIN.keyName()).isEmpty();
    assertThat(new Caller("acme", "alice", "admin")).isEqualTo(ADMIN);
  }

  @Test
  void aPageOfExactlyTheRemainingKeysHasNoNextPage() {
    ApikeyService service = ApikeyService.builder().store(new FirstVersionStore()).clock(CLOCK).build();
    for (String name : List.of("a", "b", "c")) {
      service.createBootstrapKey("acme", new ApikeyRequest(name, "viewer"));
    }
    ApikeyPage all = service.list(ADMIN, null, 3);
    assertThat(all.keys()).extracting(ApikeyInfo::name).containsExactly("a", "b", "c");
    assertThat(all.next()).isNull();
    assertThat(all.nextAfter()).isEmpty();
    ApikeyPage first = service.list(ADMIN, null, 1);
    assertThat(first.keys()).extracting(ApikeyInfo::name).containsExactly("a");
    assertThat(first.nextAfter()).contains("a");
    assertThat(service.list(ADMIN, "b", ApikeyService.MAX_PAGE_SIZE).keys()).extracting(ApikeyInfo::name).containsExactly("c");
  }

  @Test
  void aPageLimitOutsideOneToAThousandIsAMisuseOfTheApi() {
    ApikeyService service = ApikeyService.builder().store(new FirstVersionStore()).build();
    for (int limit : new int[] {0, -1, ApikeyService.MAX_PAGE_SIZE + 1}) {
      assertThatThrownBy(() -> service.list(ADMIN, null, limit)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("limit must be 1 to 1000: " + limit);
    }
  }

  @Test
  void aListingShowsTheLastFourHexDigitsOfEachKeyAsItsHint() {
    UUID key = UUID.fromString("3f2b8c1d-9e4a-4b7f-8c6d-2a1e0f9b7c5d");
    ApikeyService service = ApikeyService.builder().store(new FirstVersionStore()).keyGenerator(() -> key).clock(CLOCK).build();
    service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    assertThat(service.listAll(ADMIN)).singleElement().satisfies(info -> {
      assertThat(info.hint()).isEqualTo("7c5d");
      assertThat(info.id()).isEqualTo("key:" + KeyDigest.ofKey(key).fingerprint());
      assertThat(info.createdBy()).isEqualTo("bootstrap");
      assertThat(info.createdAt()).isEqualTo(NOW);
    });
  }

  @Test
  void aCallerMayNotRevokeAKeyOfAHigherRole() {
    FirstVersionStore store = new FirstVersionStore();
    ApikeyService service = ApikeyService.builder().store(store).build();
    service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    Caller operator = Caller.of("acme", "olga", "operator");
    assertThatThrownBy(() -> service.revoke(operator, "root")).isInstanceOf(ForbiddenException.class)
        .hasMessage("your role may not revoke a key of this role");
    assertThatThrownBy(() -> service.revoke(Caller.of("acme", "v", "viewer"), "root")).isInstanceOf(ForbiddenException.class)
        .hasMessage("your role may not revoke API keys");
    assertThat(store.keys).extracting(StoredApikey::name).containsExactly("root");
  }

  @Test
  void anAdministratorIsRevokedWhileAnotherUnexpiredOneRemains() {
    ExpiringStore store = new ExpiringStore();
    ApikeyService service = ApikeyService.builder().store(store).clock(CLOCK).build();
    service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    service.createBootstrapKey("acme", new ApikeyRequest("spare", "admin"));
    service.createBootstrapKey("acme", new ApikeyRequest("brief", "admin", NOW.plusSeconds(60)));

    service.revoke(ADMIN, "root");
    assertThat(store.keys).extracting(StoredApikey::name).containsExactlyInAnyOrder("spare", "brief");
    assertThat(catchThrowableOfType(ApikeyException.class, () -> service.revoke(ADMIN, "missing")).errorCode())
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void anExpiredKeyIsRefusedFromItsExpiryOnWithoutLastUseTracking() {
    MutableClock clock = new MutableClock(LastUseFailureTest.START);
    ApikeyService service = ApikeyService.builder().store(new ExpiringStore()).clock(clock).build();
    Instant expiry = clock.instant().plusSeconds(60);
    CreatedApikey brief = service.createBootstrapKey("acme", new ApikeyRequest("brief", "admin", expiry));

    clock.advance(Duration.ofSeconds(60).minusMillis(1));
    assertThat(service.authenticate("acme", brief.key().toString()).role()).isEqualTo("admin");
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> service.authenticate("acme", brief.key().toString())).isSameAs(UnauthenticatedException.instance());
  }

  @Test
  void aTenantOf256CharactersIsUsable() {
    String tenant = "t".repeat(256);
    ApikeyService service = ApikeyService.builder().store(new FirstVersionStore()).build();
    CreatedApikey root = service.createBootstrapKey(tenant, new ApikeyRequest("root", "admin"));
    assertThat(service.authenticate(tenant, root.key().toString()).tenant()).isEqualTo(tenant);
  }

  @Test
  void aFirstVersionStoreSaysClearlyWhatItCannotDo() {
    FirstVersionStore store = new FirstVersionStore();
    assertThatThrownBy(() -> ApikeyService.builder().store(store).lastUseInterval(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not record last use").hasMessageContaining("StoreFeature.LAST_USE");
    assertThatThrownBy(() -> ApikeyService.builder().store(store).expiry(true).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("StoreFeature.EXPIRY");
    assertThatThrownBy(() -> store.recordLastUse(Map.of())).isInstanceOf(UnsupportedOperationException.class);

    ApikeyService service = ApikeyService.ofDefaults(store);
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> service.create(ADMIN, new ApikeyRequest("temp", "viewer", Instant.now().plusSeconds(3600))));
    assertThat(e.violations()).extracting(Violation::field, Violation::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("expires-at", "not-supported"));
    assertThat(store.keys).isEmpty();
  }

  @Test
  void aHostCanTurnExpiryOffOnAStoreThatHasIt() {
    ApikeyService service = ApikeyService.builder().store(new ExpiringStore()).expiry(false).clock(CLOCK).build();
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> service.create(ADMIN, Decoded.fields(Map.of("name", "t", "role", "viewer", "expires-at", Instant.parse("2027-01-01T00:00:00Z")))));
    assertThat(e.violations()).extracting(Violation::code).containsExactly(Violation.NOT_SUPPORTED);
    // the spec's own request is untouched
    assertThat(service.create(ADMIN, Decoded.fields(Map.of("name", "t", "role", "viewer"))).name()).isEqualTo("t");
  }

  @Test
  void expiryIsTruncatedToMilliseconds() {
    ExpiringStore store = new ExpiringStore();
    ApikeyService service = ApikeyService.builder().store(store).clock(CLOCK).build();
    Instant in = Instant.parse("2027-01-31T12:00:00.123456Z");
    service.create(ADMIN, Decoded.fields(Map.of("name", "instant", "role", "viewer", "expires-at", in)));
    service.create(ADMIN, new ApikeyRequest("typed", "viewer", in));
    assertThat(store.keys).extracting(StoredApikey::expiresAt).containsOnly(Instant.parse("2027-01-31T12:00:00.123Z"));
    Map<String, Object> nullExpiry = new java.util.HashMap<>(Map.of("name", "forever", "role", "viewer"));
    nullExpiry.put("expires-at", null);
    service.create(ADMIN, Decoded.fields(nullExpiry));
    assertThat(store.keys.get(store.keys.size() - 1).expiresAt()).isNull();
  }

  @Test
  void expiryRefusesWhatTheDecoderRefusedThePastAndTooFar() {
    ApikeyService service = ApikeyService.builder().store(new ExpiringStore()).clock(CLOCK).maxLifetime(Duration.ofDays(90)).build();
    InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class, () -> service.create(ADMIN,
        new RequestFields(Field.of("t"), Field.of("viewer"), Field.refused(Violation.INVALID_TIMESTAMP, "not a timestamp"), List.of())));
    assertThat(refused.violations()).extracting(Violation::field, Violation::code, Violation::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("expires-at", Violation.INVALID_TIMESTAMP, "not a timestamp"));
    assertThat(codes(service, NOW)).containsExactly(Violation.NOT_IN_FUTURE);
    assertThat(codes(service, NOW.minusSeconds(1))).containsExactly(Violation.NOT_IN_FUTURE);
    assertThat(codes(service, NOW.plus(Duration.ofDays(91)))).containsExactly(Violation.TOO_FAR);
    ApikeyService unbounded = ApikeyService.builder().store(new ExpiringStore()).clock(CLOCK).build();
    assertThat(codes(unbounded, Instant.parse("+10000-01-01T00:00:00Z"))).containsExactly(Violation.TOO_FAR);
    InvalidRequestException far = catchThrowableOfType(InvalidRequestException.class,
        () -> service.create(ADMIN, new ApikeyRequest("t", "viewer", NOW.plus(Duration.ofDays(91)))));
    assertThat(far.violations().get(0).message()).contains("90 days");
    assertThat(service.create(ADMIN, new ApikeyRequest("ok", "viewer", NOW.plus(Duration.ofDays(90)))).name()).isEqualTo("ok");
  }

  private static List<String> codes(ApikeyService service, Instant expiry) {
    return catchThrowableOfType(InvalidRequestException.class,
        () -> service.create(ADMIN, new ApikeyRequest("t", "viewer", expiry))).violations().stream().map(Violation::code).toList();
  }

  @Test
  void auditLogLinesCannotBeForged() {
    AuditEvent event = new AuditEvent(NOW, AuditEvent.Action.CREATE, "acme\"\n audit action=revoke", "key:1", "na\\me\u0000\u2028",
        AuditEvent.Outcome.REFUSED, "name-taken");
    String line = event.toLogLine();
    assertThat(line).doesNotContain("\n").doesNotContain("\u2028").doesNotContain("\u0000");
    assertThat(line).isEqualTo("audit action=create outcome=refused error=name-taken tenant=\"acme\\\"\\u000a audit action=revoke\""
        + " actor=\"key:1\" target=\"na\\\\me\\u0000\\u2028\" at=2026-11-27T10:00:00Z");
  }

  @Test
  void aFailingAuditSinkNeverChangesTheAnswer() {
    ApikeyService service = ApikeyService.builder().store(new FirstVersionStore()).auditSink(e -> {
      throw new IllegalStateException("log is full");
    }).build();
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    assertThat(service.authenticate("acme", root.key().toString()).role()).isEqualTo("admin");
    assertThatThrownBy(() -> service.authenticate("acme", UUID.randomUUID().toString())).isSameAs(UnauthenticatedException.instance());
  }

  @Test
  void auditCutsHostileTenantsAndNames() {
    List<AuditEvent> events = new ArrayList<>();
    ApikeyService service = ApikeyService.builder().store(new FirstVersionStore()).auditSink(events::add).build();
    assertThatThrownBy(() -> service.authenticate("t".repeat(10_000), UUID.randomUUID().toString()));
    assertThatThrownBy(() -> service.create(ADMIN, new ApikeyRequest("n".repeat(10_000), "viewer")));
    assertThat(events).hasSize(2).allSatisfy(e -> {
      assertThat(e.tenant()).hasSizeLessThanOrEqualTo(256);
      if (e.target() != null) {
        assertThat(e.target()).hasSizeLessThanOrEqualTo(256);
      }
    });
  }

  @Test
  void pendingLastUseSurvivesAFailingStoreAndIsWrittenLater() {
    class FlakyStore extends FirstVersionStore {
      boolean failing = true;
      final List<Map<KeyDigest, Instant>> written = new ArrayList<>();

      @Override
      public Set<StoreFeature> features() {
        return Set.of(StoreFeature.LAST_USE);
      }

      @Override
      public void recordLastUse(Map<KeyDigest, Instant> uses) {
        if (failing) {
          throw new IllegalStateException("database down");
        }
        written.add(Map.copyOf(uses));
      }
    }
    FlakyStore store = new FlakyStore();
    try (ApikeyService service = ApikeyService.builder().store(store).clock(CLOCK).lastUseInterval(Duration.ofMinutes(1)).build()) {
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      service.authenticate("acme", root.key().toString());
      assertThatThrownBy(service::flushLastUse).isInstanceOf(StorageUnavailableException.class);
      store.failing = false;
      service.flushLastUse();
      assertThat(store.written).containsExactly(Map.of(KeyDigest.ofKey(root.key()), NOW));
      service.authenticate("acme", root.key().toString());
      service.flushLastUse();
      assertThat(store.written).hasSize(1);
    }
  }
}
