package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyInfo;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.AuditEvent;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.Field;
import dev.apikeys.core.ForbiddenException;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.NameTakenException;
import dev.apikeys.core.RequestFields;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.Violation;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ApikeyService} end to end on a store: authentication, authorization, tenant isolation and
 * what ends up stored. Subclass it like {@link ApikeyStoreContract}.
 */
public abstract class ApikeyServiceContract {
  /** For a store's subclass. */
  protected ApikeyServiceContract() {}

  /** The seed of the key generator; printed in every failure message through {@link #toString()}. */
  protected static final long SEED = 20261127L;

  /** The store under test, fresh for each test. */
  protected ApikeyStore store;
  /** A service with the default roles ({@code viewer < operator < admin}) and seeded keys. */
  protected ApikeyService service;

  private CreatedApikey acmeAdmin;

  /**
   * A new store with no keys in it. Called before each test.
   *
   * @return the store
   */
  protected abstract ApikeyStore newStore();

  /** The service's clock, standing still until a test moves it. */
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  /** Every audit event of the test, in order. */
  protected final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  @BeforeEach
  void createService() {
    store = newStore();
    ApikeyService.Builder builder = ApikeyService.builder().store(store).keyGenerator(new SeededKeyGenerator(SEED))
        .clock(clock).auditSink(audit::add);
    if (store.features().contains(StoreFeature.LAST_USE)) {
      builder.lastUseInterval(Duration.ofMinutes(1));
    }
    service = builder.build();
    acmeAdmin = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
  }

  @AfterEach
  void closeService() {
    service.close();
  }

  private Caller login(String tenant, CreatedApikey key) {
    return service.authenticate(tenant, key.key().toString());
  }

  private Caller acme() {
    return login("acme", acmeAdmin);
  }

  @Test
  void aBootstrapKeyAuthenticatesAsItsRoleAndSaysWhoMadeIt() {
    assertThat(acmeAdmin.createdBy()).isEqualTo(ApikeyService.BOOTSTRAP_CREATOR);
    Caller caller = acme();
    assertThat(caller.tenant()).isEqualTo("acme");
    assertThat(caller.role()).isEqualTo("admin");
    assertThat(caller.id()).isEqualTo("key:" + KeyDigest.ofKey(acmeAdmin.key()).fingerprint());
  }

  @Test
  void aFirstKeyIsCreatedOnlyForATenantWithoutAnyKey() {
    ApikeyRequest first = new ApikeyRequest("admin", "admin");
    CreatedApikey made = service.createFirstKey("globex", first).orElseThrow();
    assertThat(made.createdBy()).isEqualTo(ApikeyService.BOOTSTRAP_CREATOR);
    Caller admin = login("globex", made);
    assertThat(admin.role()).isEqualTo("admin");
    int events = audit.size();

    assertThat(service.createFirstKey("globex", first)).isEmpty();
    // Revoked after another admin was made: a restart that asks again must not bring it back.
    CreatedApikey second = service.create(admin, new ApikeyRequest("admin-2", "admin"));
    service.revoke(login("globex", second), "admin");
    assertThat(service.createFirstKey("globex", first)).isEmpty();
    assertThat(service.createFirstKey("globex", new ApikeyRequest("another", "admin"))).isEmpty();
    assertThat(audit.subList(events, audit.size())).extracting(AuditEvent::action)
        .as("only the create and the revoke are recorded: a skipped first key is no refusal")
        .containsExactly(AuditEvent.Action.CREATE, AuditEvent.Action.REVOKE);

    assertThatThrownBy(() -> login("globex", made)).isSameAs(UnauthenticatedException.instance());
    assertThat(service.listAll(login("globex", second))).extracting(ApikeyInfo::name).containsExactly("admin-2");
  }

  @Test
  void concurrentFirstKeysOfOneTenantYieldOneKey() throws Exception {
    int threads = 8;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<java.util.Optional<CreatedApikey>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return service.createFirstKey("initech", new ApikeyRequest("admin", "admin"));
        }));
      }
      start.countDown();
      int created = 0;
      for (java.util.concurrent.Future<java.util.Optional<CreatedApikey>> result : results) {
        created += result.get(30, java.util.concurrent.TimeUnit.SECONDS).isPresent() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
      assertThat(store.list("initech")).hasSize(1);
      assertThat(audit).filteredOn(e -> e.outcome() != AuditEvent.Outcome.SUCCESS).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCreatedKeyAuthenticatesAndRecordsItsCreator() {
    Caller admin = acme();
    CreatedApikey ci = service.create(admin, new ApikeyRequest("ci", "operator"));
    assertThat(ci.createdBy()).isEqualTo(admin.id());
    assertThat(ci.key().version()).isEqualTo(4);
    Caller asCi = login("acme", ci);
    assertThat(asCi.role()).isEqualTo("operator");
    assertThat(asCi.id()).isNotEqualTo(admin.id()).startsWith("key:");
    CreatedApikey viewer = service.create(asCi, new ApikeyRequest("dashboard", "viewer"));
    assertThat(viewer.createdBy()).isEqualTo(asCi.id());
    assertThat(service.listAll(admin)).extracting(ApikeyInfo::name, ApikeyInfo::createdBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ci", admin.id()),
            org.assertj.core.groups.Tuple.tuple("dashboard", asCi.id()),
            org.assertj.core.groups.Tuple.tuple("root", "bootstrap"));
  }

  @Test
  void keysAuthenticateWhateverTheCaseOfTheirHexDigits() {
    assertThat(service.authenticate("acme", acmeAdmin.key().toString().toUpperCase(Locale.ROOT)).role()).isEqualTo("admin");
  }

  @Test
  void everyAuthenticationFailureIsTheSameError() {
    CreatedApikey globex = service.createBootstrapKey("globex", new ApikeyRequest("root", "admin"));
    CreatedApikey revoked = service.create(acme(), new ApikeyRequest("old", "viewer"));
    assertThat(store.delete("acme", "old")).isTrue();
    String valid = acmeAdmin.key().toString();
    List<Throwable> failures = List.of(
        catchThrowable(() -> service.authenticate("acme", null)),
        catchThrowable(() -> service.authenticate(null, valid)),
        catchThrowable(() -> service.authenticate("acme", "")),
        catchThrowable(() -> service.authenticate("acme", "not-a-key")),
        catchThrowable(() -> service.authenticate("acme", "1-1-1-1-1")),
        catchThrowable(() -> service.authenticate("acme", valid.replace("-", ""))),
        catchThrowable(() -> service.authenticate("acme", " " + valid)),
        catchThrowable(() -> service.authenticate("acme", UUID.randomUUID().toString())),
        catchThrowable(() -> service.authenticate("acme", revoked.key().toString())),
        catchThrowable(() -> service.authenticate("initech", valid)),
        catchThrowable(() -> service.authenticate("acme", globex.key().toString())),
        catchThrowable(() -> service.authenticate("globex", valid)),
        catchThrowable(() -> service.authenticate("ACME", valid)));
    assertThat(failures).allSatisfy(f -> assertThat(f).isSameAs(UnauthenticatedException.instance()));
  }

  @Test
  void tenantsNeverSeeEachOthersKeys() {
    CreatedApikey globexRoot = service.createBootstrapKey("globex", new ApikeyRequest("root", "admin"));
    Caller globex = login("globex", globexRoot);
    CreatedApikey shared = service.create(globex, new ApikeyRequest("ci", "operator"));
    CreatedApikey mine = service.create(acme(), new ApikeyRequest("ci", "operator"));
    assertThat(store.list("acme")).extracting(StoredApikey::tenant).containsOnly("acme");
    assertThat(store.list("globex")).extracting(StoredApikey::tenant).containsOnly("globex");
    assertThat(service.listAll(acme())).extracting(ApikeyInfo::name).containsExactly("ci", "root");
    assertThat(service.listAll(globex)).extracting(ApikeyInfo::name).containsExactly("ci", "root");
    assertThat(login("globex", shared).tenant()).isEqualTo("globex");
    assertThat(login("acme", mine).tenant()).isEqualTo("acme");
    assertThat(shared.key()).isNotEqualTo(mine.key());
  }

  @Test
  void aTakenNameIsRefusedAndChangesNothing() {
    service.create(acme(), new ApikeyRequest("ci", "operator"));
    List<ApikeyInfo> before = service.listAll(acme());
    assertThatThrownBy(() -> service.create(acme(), new ApikeyRequest("ci", "viewer"))).isInstanceOf(NameTakenException.class);
    assertThat(service.listAll(acme())).isEqualTo(before);
  }

  @Test
  void aTakenNameWinsOverADigestClash() {
    CreatedApikey ci = service.create(acme(), new ApikeyRequest("ci", "operator"));
    List<ApikeyInfo> before = service.listAll(acme());
    // The first key this service makes is the one ci already has: its request for the name ci
    // clashes on the name and on the digest at once. Stores may report either clash first; the
    // service must end with the name taken, whichever it is told.
    SeededKeyGenerator fresh = new SeededKeyGenerator(SEED + 1);
    AtomicBoolean handedOut = new AtomicBoolean();
    ApikeyService clashing = ApikeyService.builder().store(store).clock(clock)
        .keyGenerator(() -> handedOut.getAndSet(true) ? fresh.newKey() : ci.key()).build();
    try {
      Caller caller = clashing.authenticate("acme", acmeAdmin.key().toString());
      assertThatThrownBy(() -> clashing.create(caller, new ApikeyRequest("ci", "viewer"))).isInstanceOf(NameTakenException.class);
      assertThat(handedOut).as("the clashing key was handed to the store").isTrue();
    } finally {
      clashing.close();
    }
    assertThat(service.listAll(acme())).isEqualTo(before);
    assertThat(login("acme", ci).role()).isEqualTo("operator");
  }

  @Test
  void aCallerCannotGrantAboveItsOwnRole() {
    CreatedApikey operatorKey = service.create(acme(), new ApikeyRequest("ops", "operator"));
    Caller operator = login("acme", operatorKey);
    assertThatThrownBy(() -> service.create(operator, new ApikeyRequest("escalate", "admin"))).isInstanceOf(ForbiddenException.class);
    assertThat(service.create(operator, new ApikeyRequest("peer", "operator")).role()).isEqualTo("operator");
    assertThat(service.listAll(acme())).extracting(ApikeyInfo::name).doesNotContain("escalate");
  }

  @Test
  void aViewerCannotCreateKeys() {
    Caller viewer = login("acme", service.create(acme(), new ApikeyRequest("dash", "viewer")));
    assertThatThrownBy(() -> service.create(viewer, new ApikeyRequest("more", "viewer"))).isInstanceOf(ForbiddenException.class);
  }

  @Test
  void anUnknownRoleIsInvalidNotForbidden() {
    assertThatThrownBy(() -> service.create(acme(), new ApikeyRequest("x", "superadmin"))).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void thePlaintextKeyIsNowhereInTheStore() {
    List<CreatedApikey> created = new ArrayList<>();
    created.add(acmeAdmin);
    for (int i = 0; i < 20; i++) {
      created.add(service.create(acme(), new ApikeyRequest("key-" + i, "viewer")));
    }
    List<StoredApikey> stored = store.list("acme");
    assertThat(stored).hasSize(created.size());
    for (CreatedApikey c : created) {
      UUID key = c.key();
      List<String> spellings = List.of(key.toString(), key.toString().toUpperCase(Locale.ROOT), key.toString().replace("-", ""),
          HexFormat.of().formatHex(uuidBytes(key)));
      for (StoredApikey s : stored) {
        String everyField = String.join("|", s.tenant(), s.name(), s.role(), s.keyId(), s.createdBy(), s.createdAt().toString(),
            s.toString(), HexFormat.of().formatHex(s.digest().bytes()));
        assertThat(spellings).allSatisfy(p -> assertThat(everyField).doesNotContainIgnoringCase(p));
      }
      StoredApikey own = stored.stream().filter(s -> s.name().equals(c.name())).findFirst().orElseThrow();
      assertThat(own.digest()).isEqualTo(KeyDigest.ofKey(key));
    }
  }

  @Test
  void concurrentCreatesOfOneNameYieldOneKey() throws Exception {
    Caller admin = acme();
    int n = 8;
    Set<UUID> winners = ConcurrentHashMap.newKeySet();
    List<Object> outcomes = ApikeyStoreContract.race(n, i -> {
      try {
        winners.add(service.create(admin, new ApikeyRequest("race", "viewer")).key());
        return "created";
      } catch (NameTakenException e) {
        return "taken";
      }
    });
    assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
    assertThat(outcomes).filteredOn("taken"::equals).hasSize(n - 1);
    UUID winner = winners.iterator().next();
    assertThat(service.authenticate("acme", winner.toString()).role()).isEqualTo("viewer");
  }

  // ---- lifecycle: list, revoke, expiry, last use, audit ----

  @Test
  void listsPagesWithoutSecrets() {
    Caller admin = acme();
    List<CreatedApikey> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(service.create(admin, new ApikeyRequest("k" + i, "viewer")));
    }
    ApikeyPage first = service.list(admin, null, 3);
    assertThat(first.keys()).extracting(ApikeyInfo::name).containsExactly("k0", "k1", "k2");
    assertThat(first.next()).isEqualTo("k2");
    ApikeyPage last = service.list(admin, "k5", 3);
    assertThat(last.keys()).extracting(ApikeyInfo::name).containsExactly("k6", "root");
    assertThat(last.nextAfter()).isEmpty();
    ApikeyInfo k0 = first.keys().get(0);
    assertThat(k0.role()).isEqualTo("viewer");
    assertThat(k0.createdBy()).isEqualTo(admin.id());
    assertThat(k0.createdAt()).isEqualTo(clock.instant());
    assertThat(k0.id()).isEqualTo("key:" + KeyDigest.ofKey(created.get(0).key()).fingerprint());
    if (store.features().contains(StoreFeature.HINT)) {
      assertThat(created.get(0).key().toString()).endsWith(k0.hint());
      assertThat(k0.hint()).hasSize(4);
    }
    for (CreatedApikey c : created) {
      assertThat(service.listAll(admin).toString()).doesNotContain(c.key().toString());
    }
    assertThatThrownBy(() -> service.list(admin, null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.list(admin, null, ApikeyService.MAX_PAGE_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRevokedKeyStopsAuthenticatingAtOnce() {
    CreatedApikey ci = service.create(acme(), new ApikeyRequest("ci", "operator"));
    assertThat(login("acme", ci).role()).isEqualTo("operator");
    service.revoke(acme(), "ci");
    assertThatThrownBy(() -> login("acme", ci)).isSameAs(UnauthenticatedException.instance());
    assertThat(service.listAll(acme())).extracting(ApikeyInfo::name).containsExactly("root");
    ApikeyException again = catchThrowableOfType(ApikeyException.class, () -> service.revoke(acme(), "ci"));
    assertThat(again.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void revokingNeedsTheRightToGrantTheKeysRole() {
    Caller operator = login("acme", service.create(acme(), new ApikeyRequest("ops", "operator")));
    Caller viewer = login("acme", service.create(acme(), new ApikeyRequest("dash", "viewer")));
    assertThatThrownBy(() -> service.revoke(viewer, "dash")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service.revoke(operator, "root")).isInstanceOf(ForbiddenException.class);
    service.revoke(operator, "dash");
    assertThat(service.listAll(acme())).extracting(ApikeyInfo::name).containsExactly("ops", "root");
  }

  @Test
  void aRevokeIsDecidedOnTheKeyItDeletesNotOnAnEarlierRead() {
    Caller operator = login("acme", service.create(acme(), new ApikeyRequest("ops", "operator")));
    service.create(acme(), new ApikeyRequest("dash", "viewer"));
    UUID adminKey = UUID.randomUUID();
    KeyDigest adminDigest = KeyDigest.ofKey(adminKey);
    StoredApikey asAdmin = new StoredApikey("acme", "dash", "admin", adminDigest, adminDigest.fingerprint(), "0000", "bootstrap",
        clock.instant(), null, null);
    // Whatever the service reads first, the key named dash is an admin key by the time it revokes.
    ReplacingStore replacing = new ReplacingStore(store, asAdmin);
    ApikeyService onReplacing = ApikeyService.builder().store(replacing).clock(clock).build();
    assertThatThrownBy(() -> onReplacing.revoke(operator, "dash")).isInstanceOf(ForbiddenException.class);
    assertThat(replacing.replaced).as("the key was replaced between the service's read and its revoke").isTrue();
    assertThat(service.authenticate("acme", adminKey.toString()).role()).isEqualTo("admin");
  }

  @Test
  void theLastAdministratorCannotBeRevoked() {
    service.create(acme(), new ApikeyRequest("ops", "operator"));
    ApikeyException last = catchThrowableOfType(ApikeyException.class, () -> service.revoke(acme(), "root"));
    assertThat(last.errorCode()).isEqualTo(ErrorCode.LAST_ADMINISTRATOR);
    assertThat(last.status()).isEqualTo(409);
    assertThat(login("acme", acmeAdmin).role()).isEqualTo("admin");

    CreatedApikey second = service.create(acme(), new ApikeyRequest("root-2", "admin"));
    service.revoke(login("acme", second), "root");
    assertThatThrownBy(() -> login("acme", acmeAdmin)).isSameAs(UnauthenticatedException.instance());
    // An admin remains, so the last operator may go.
    service.revoke(login("acme", second), "ops");
  }

  @Test
  void anExpiredAdministratorDoesNotCount() {
    assumeTrue(store.features().contains(StoreFeature.EXPIRY), "the store keeps no expiry");
    service.create(acme(), new ApikeyRequest("temp-admin", "admin", clock.instant().plus(Duration.ofHours(1))));
    clock.advance(Duration.ofHours(2));
    ApikeyException last = catchThrowableOfType(ApikeyException.class, () -> service.revoke(acme(), "root"));
    assertThat(last.errorCode()).isEqualTo(ErrorCode.LAST_ADMINISTRATOR);
  }

  @Test
  void anExpiredKeyIsUnauthenticated() {
    assumeTrue(store.features().contains(StoreFeature.EXPIRY), "the store keeps no expiry");
    Instant expiry = clock.instant().plus(Duration.ofHours(1));
    CreatedApikey temp = service.create(acme(), new ApikeyRequest("temp", "viewer", expiry));
    assertThat(login("acme", temp).role()).isEqualTo("viewer");
    assertThat(service.listAll(acme())).filteredOn(k -> k.name().equals("temp")).singleElement()
        .satisfies(k -> assertThat(k.expiresAt()).isEqualTo(expiry));
    clock.advance(Duration.ofMinutes(59));
    assertThat(login("acme", temp).role()).isEqualTo("viewer");
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> login("acme", temp)).isSameAs(UnauthenticatedException.instance());
  }

  @Test
  void anExpiryMustBeAFutureTimestamp() {
    boolean supported = store.features().contains(StoreFeature.EXPIRY);
    InvalidRequestException past = catchThrowableOfType(InvalidRequestException.class,
        () -> service.create(acme(), new ApikeyRequest("old", "viewer", clock.instant())));
    assertThat(past.violations()).extracting(Violation::code)
        .containsExactly(supported ? Violation.NOT_IN_FUTURE : Violation.NOT_SUPPORTED);
    InvalidRequestException garbled = catchThrowableOfType(InvalidRequestException.class, () -> service.create(acme(),
        new RequestFields(Field.of("x"), Field.of("viewer"), Field.refused(Violation.INVALID_TIMESTAMP, "not a timestamp"), List.of())));
    assertThat(garbled.violations()).extracting(Violation::code).containsExactly(Violation.INVALID_TIMESTAMP);
    assertThat(service.listAll(acme())).extracting(ApikeyInfo::name).containsExactly("root");
  }

  @Test
  void lastUseIsRecordedAtMostOncePerInterval() {
    assumeTrue(store.features().contains(StoreFeature.LAST_USE), "the store records no last use");
    CreatedApikey ci = service.create(acme(), new ApikeyRequest("ci", "viewer"));
    assertThat(lastUse("ci")).isNull();
    Instant first = clock.instant();
    login("acme", ci);
    service.flushLastUse();
    assertThat(lastUse("ci")).isEqualTo(first);
    clock.advance(Duration.ofSeconds(30));
    login("acme", ci);
    service.flushLastUse();
    assertThat(lastUse("ci")).isEqualTo(first);
    clock.advance(Duration.ofSeconds(31));
    login("acme", ci);
    service.flushLastUse();
    assertThat(lastUse("ci")).isEqualTo(clock.instant());
  }

  private @Nullable Instant lastUse(String name) {
    return store.findByName("acme", name).orElseThrow().lastUsedAt();
  }

  @Test
  void auditRecordsCreatesRevokesAndRefusalsWithoutKeys() {
    CreatedApikey ci = service.create(acme(), new ApikeyRequest("ci", "operator"));
    assertThatThrownBy(() -> service.create(acme(), new ApikeyRequest("ci", "operator")))
        .isInstanceOf(NameTakenException.class);
    assertThatThrownBy(() -> service.authenticate("acme", UUID.randomUUID().toString()))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> service.create(login("acme", ci), new ApikeyRequest("up", "admin")))
        .isInstanceOf(ForbiddenException.class);
    service.revoke(acme(), "ci");
    String admin = acme().id();
    assertThat(audit).extracting(e -> e.action() + " " + e.outcome() + " " + e.errorCode() + " " + e.actor() + " " + e.target())
        .containsSubsequence(
            "CREATE SUCCESS null bootstrap root",
            "CREATE SUCCESS null " + admin + " ci",
            "CREATE REFUSED name-taken " + admin + " ci",
            "AUTHENTICATE REFUSED unauthenticated null null",
            "CREATE REFUSED forbidden key:" + KeyDigest.ofKey(ci.key()).fingerprint() + " up",
            "REVOKE SUCCESS null " + admin + " ci");
    assertThat(audit).allSatisfy(e -> {
      assertThat(e.tenant()).isEqualTo("acme");
      assertThat(e.at()).isEqualTo(clock.instant());
      assertThat(e.toLogLine()).doesNotContain(ci.key().toString()).doesNotContain(acmeAdmin.key().toString());
    });
  }

  private static byte[] uuidBytes(UUID key) {
    byte[] b = new byte[16];
    long msb = key.getMostSignificantBits();
    long lsb = key.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (msb >>> (56 - 8 * i));
      b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
    }
    return b;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[key generator seed " + SEED + "]";
  }

  /**
   * A store through which, just before a revoke reaches it, the key named like {@code replacement}
   * is deleted and {@code replacement} inserted in its place: what another instance's rotation or
   * revoke-and-create can do between a service's read and its revoke.
   */
  private static final class ReplacingStore extends ForwardingApikeyStore {
    private final StoredApikey replacement;
    volatile boolean replaced;

    ReplacingStore(ApikeyStore delegate, StoredApikey replacement) {
      super(delegate);
      this.replacement = replacement;
    }

    private void replace() {
      if (!replaced && delegate.delete(replacement.tenant(), replacement.name())) {
        assertThat(delegate.insert(replacement)).isEqualTo(dev.apikeys.core.spi.InsertOutcome.INSERTED);
        replaced = true;
      }
    }

    @Override
    public dev.apikeys.core.spi.RevokeOutcome revoke(String tenant, String name, dev.apikeys.core.spi.RevokeDecision decision) {
      replace();
      return delegate.revoke(tenant, name, decision);
    }

    @Override
    public dev.apikeys.core.spi.RevokeOutcome revokeUnlessLast(
        String tenant, String name, java.util.function.Predicate<StoredApikey> administers) {
      replace();
      return delegate.revokeUnlessLast(tenant, name, administers);
    }
  }
}
