package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ForbiddenException;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.NameTakenException;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ApikeyService} end to end on a store: authentication, authorization, tenant isolation and
 * what ends up stored. Subclass it like {@link ApikeyStoreContract}.
 */
public abstract class ApikeyServiceContract {
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

  @BeforeEach
  void createService() {
    store = newStore();
    service = ApikeyService.builder().store(store).keyGenerator(new SeededKeyGenerator(SEED)).build();
    acmeAdmin = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
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
    assertThat(service.list(admin)).extracting(StoredApikey::name, StoredApikey::createdBy)
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
    assertThat(service.list(acme())).extracting(StoredApikey::tenant).containsOnly("acme");
    assertThat(service.list(globex)).extracting(StoredApikey::tenant).containsOnly("globex");
    assertThat(login("globex", shared).tenant()).isEqualTo("globex");
    assertThat(login("acme", mine).tenant()).isEqualTo("acme");
    assertThat(shared.key()).isNotEqualTo(mine.key());
  }

  @Test
  void aTakenNameIsRefusedAndChangesNothing() {
    service.create(acme(), new ApikeyRequest("ci", "operator"));
    List<StoredApikey> before = service.list(acme());
    assertThatThrownBy(() -> service.create(acme(), new ApikeyRequest("ci", "viewer"))).isInstanceOf(NameTakenException.class);
    assertThat(service.list(acme())).isEqualTo(before);
  }

  @Test
  void aCallerCannotGrantAboveItsOwnRole() {
    CreatedApikey operatorKey = service.create(acme(), new ApikeyRequest("ops", "operator"));
    Caller operator = login("acme", operatorKey);
    assertThatThrownBy(() -> service.create(operator, new ApikeyRequest("escalate", "admin"))).isInstanceOf(ForbiddenException.class);
    assertThat(service.create(operator, new ApikeyRequest("peer", "operator")).role()).isEqualTo("operator");
    assertThat(service.list(acme())).extracting(StoredApikey::name).doesNotContain("escalate");
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
    List<StoredApikey> stored = service.list(acme());
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
}
