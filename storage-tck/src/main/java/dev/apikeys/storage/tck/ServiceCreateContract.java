package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.ApikeyInfo;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.AuditEvent;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.NameTakenException;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Creating keys through the service on the store: bootstrap and first keys, a caller's keys, taken
 * names (also when the digest clashes too), no plaintext key in the store, and concurrent creates.
 * Part of {@link ApikeyServiceContract}.
 */
public interface ServiceCreateContract extends ServiceFixture {
  @Test
  default void aBootstrapKeyAuthenticatesAsItsRoleAndSaysWhoMadeIt() {
    assertThat(acmeAdmin().createdBy()).isEqualTo(ApikeyService.BOOTSTRAP_CREATOR);
    Caller caller = acme();
    assertThat(caller.tenant()).isEqualTo("acme");
    assertThat(caller.role()).isEqualTo("admin");
    assertThat(caller.id()).isEqualTo("key:" + KeyDigest.ofKey(acmeAdmin().key()).fingerprint());
  }

  @Test
  default void aFirstKeyIsCreatedOnlyForATenantWithoutAnyKey() {
    ApikeyRequest first = new ApikeyRequest("admin", "admin");
    CreatedApikey made = service().createFirstKey("globex", first).orElseThrow();
    assertThat(made.createdBy()).isEqualTo(ApikeyService.BOOTSTRAP_CREATOR);
    Caller admin = login("globex", made);
    assertThat(admin.role()).isEqualTo("admin");
    int events = audit().size();

    assertThat(service().createFirstKey("globex", first)).isEmpty();
    // Revoked after another admin was made: a restart that asks again must not bring it back.
    CreatedApikey second = service().create(admin, new ApikeyRequest("admin-2", "admin"));
    service().revoke(login("globex", second), "admin");
    assertThat(service().createFirstKey("globex", first)).isEmpty();
    assertThat(service().createFirstKey("globex", new ApikeyRequest("another", "admin"))).isEmpty();
    assertThat(audit().subList(events, audit().size())).extracting(AuditEvent::action)
        .as("only the create and the revoke are recorded: a skipped first key is no refusal")
        .containsExactly(AuditEvent.Action.CREATE, AuditEvent.Action.REVOKE);

    assertThatThrownBy(() -> login("globex", made)).isSameAs(UnauthenticatedException.instance());
    assertThat(service().listAll(login("globex", second))).extracting(ApikeyInfo::name).containsExactly("admin-2");
  }

  @Test
  default void concurrentFirstKeysOfOneTenantYieldOneKey() throws Exception {
    int threads = 8;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<java.util.Optional<CreatedApikey>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return service().createFirstKey("initech", new ApikeyRequest("admin", "admin"));
        }));
      }
      start.countDown();
      int created = 0;
      for (java.util.concurrent.Future<java.util.Optional<CreatedApikey>> result : results) {
        created += result.get(30, java.util.concurrent.TimeUnit.SECONDS).isPresent() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
      assertThat(store().list("initech")).hasSize(1);
      assertThat(audit()).filteredOn(e -> e.outcome() != AuditEvent.Outcome.SUCCESS).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void aCreatedKeyAuthenticatesAndRecordsItsCreator() {
    Caller admin = acme();
    CreatedApikey ci = service().create(admin, new ApikeyRequest("ci", "operator"));
    assertThat(ci.createdBy()).isEqualTo(admin.id());
    assertThat(ci.key().version()).isEqualTo(4);
    Caller asCi = login("acme", ci);
    assertThat(asCi.role()).isEqualTo("operator");
    assertThat(asCi.id()).isNotEqualTo(admin.id()).startsWith("key:");
    CreatedApikey viewer = service().create(asCi, new ApikeyRequest("dashboard", "viewer"));
    assertThat(viewer.createdBy()).isEqualTo(asCi.id());
    assertThat(service().listAll(admin)).extracting(ApikeyInfo::name, ApikeyInfo::createdBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ci", admin.id()),
            org.assertj.core.groups.Tuple.tuple("dashboard", asCi.id()),
            org.assertj.core.groups.Tuple.tuple("root", "bootstrap"));
  }

  @Test
  default void aTakenNameIsRefusedAndChangesNothing() {
    service().create(acme(), new ApikeyRequest("ci", "operator"));
    List<ApikeyInfo> before = service().listAll(acme());
    assertThatThrownBy(() -> service().create(acme(), new ApikeyRequest("ci", "viewer"))).isInstanceOf(NameTakenException.class);
    assertThat(service().listAll(acme())).isEqualTo(before);
  }

  @Test
  default void aTakenNameWinsOverADigestClash() {
    CreatedApikey ci = service().create(acme(), new ApikeyRequest("ci", "operator"));
    List<ApikeyInfo> before = service().listAll(acme());
    // The first key this service makes is the one ci already has: its request for the name ci
    // clashes on the name and on the digest at once. Stores may report either clash first; the
    // service must end with the name taken, whichever it is told.
    SeededKeyGenerator fresh = new SeededKeyGenerator(ApikeyServiceContract.SEED + 1);
    AtomicBoolean handedOut = new AtomicBoolean();
    ApikeyService clashing = ApikeyService.builder().store(store()).clock(clock())
        .keyGenerator(() -> handedOut.getAndSet(true) ? fresh.newKey() : ci.key()).build();
    try {
      Caller caller = clashing.authenticate("acme", acmeAdmin().key().toString());
      assertThatThrownBy(() -> clashing.create(caller, new ApikeyRequest("ci", "viewer"))).isInstanceOf(NameTakenException.class);
      assertThat(handedOut).as("the clashing key was handed to the store").isTrue();
    } finally {
      clashing.close();
    }
    assertThat(service().listAll(acme())).isEqualTo(before);
    assertThat(login("acme", ci).role()).isEqualTo("operator");
  }

  @Test
  default void thePlaintextKeyIsNowhereInTheStore() {
    List<CreatedApikey> created = new ArrayList<>();
    created.add(acmeAdmin());
    for (int i = 0; i < 20; i++) {
      created.add(service().create(acme(), new ApikeyRequest("key-" + i, "viewer")));
    }
    List<StoredApikey> stored = store().list("acme");
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
  default void concurrentCreatesOfOneNameYieldOneKey() throws Exception {
    Caller admin = acme();
    int n = 8;
    Set<UUID> winners = ConcurrentHashMap.newKeySet();
    List<Object> outcomes = ApikeyStoreContract.race(n, i -> {
      try {
        winners.add(service().create(admin, new ApikeyRequest("race", "viewer")).key());
        return "created";
      } catch (NameTakenException e) {
        return "taken";
      }
    });
    assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
    assertThat(outcomes).filteredOn("taken"::equals).hasSize(n - 1);
    UUID winner = winners.iterator().next();
    assertThat(service().authenticate("acme", winner.toString()).role()).isEqualTo("viewer");
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
}
