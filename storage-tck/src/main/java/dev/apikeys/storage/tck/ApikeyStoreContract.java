package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ApikeyStore}: subclass it, return a fresh empty store from {@link
 * #newStore()}, and every test runs against it.
 *
 * <pre>{@code
 * class MyStoreTest extends ApikeyStoreContract {
 *   @Override protected ApikeyStore newStore() { return new MyStore(...); }
 * }
 * }</pre>
 */
public abstract class ApikeyStoreContract {
  /** For a store's subclass. */
  protected ApikeyStoreContract() {}

  /** The store under test, fresh for each test. */
  protected ApikeyStore store;

  /**
   * A new store with no keys in it. Called before each test.
   *
   * @return the store
   */
  protected abstract ApikeyStore newStore();

  /**
   * How many threads the concurrency tests use; raise it for a store that should be hammered.
   *
   * @return the thread count, 16 unless overridden
   */
  protected int threads() {
    return 16;
  }

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  /**
   * A record as this store gives it back: without the fields of features it lacks.
   *
   * @param key the record inserted
   * @return the record expected back
   */
  protected StoredApikey expected(StoredApikey key) {
    Set<StoreFeature> f = store.features();
    return new StoredApikey(key.tenant(), key.name(), key.role(), key.digest(), key.keyId(),
        f.contains(StoreFeature.HINT) ? key.hint() : null, key.createdBy(), key.createdAt(),
        f.contains(StoreFeature.EXPIRY) ? key.expiresAt() : null, f.contains(StoreFeature.LAST_USE) ? key.lastUsedAt() : null);
  }

  @Test
  void insertedKeyIsFoundByDigestWithEveryFieldIntact() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findByDigest("acme", key.digest())).contains(expected(key));
  }

  @Test
  void unknownDigestIsNotFound() {
    store.insert(StoredKeys.key("acme", "ci"));
    assertThat(store.findByDigest("acme", StoredKeys.key("acme", "other").digest())).isEmpty();
  }

  @Test
  void keyOfAnotherTenantIsNotFound() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    store.insert(key);
    assertThat(store.findByDigest("globex", key.digest())).isEmpty();
    assertThat(store.findByDigest("ACME", key.digest())).isEmpty();
    assertThat(store.findByDigest("acme ", key.digest())).isEmpty();
  }

  @Test
  void rejectsDuplicateNameInSameTenantAndKeepsTheFirst() {
    StoredApikey first = StoredKeys.key("acme", "ci");
    StoredApikey second = StoredKeys.key("acme", "ci");
    store.insert(first);
    assertThat(store.insert(second)).isEqualTo(InsertOutcome.NAME_TAKEN);
    assertThat(store.findByDigest("acme", first.digest())).contains(expected(first));
    assertThat(store.findByDigest("acme", second.digest())).isEmpty();
    assertThat(store.list("acme")).containsExactly(expected(first));
  }

  @Test
  void allowsTheSameNameInDifferentTenants() {
    StoredApikey a = StoredKeys.key("acme", "ci");
    StoredApikey b = StoredKeys.key("globex", "ci");
    assertThat(store.insert(a)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.insert(b)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findByDigest("acme", a.digest())).contains(expected(a));
    assertThat(store.findByDigest("globex", b.digest())).contains(expected(b));
  }

  @Test
  void namesAreCaseAndAccentSensitive() {
    for (String name : List.of("ci", "CI", "Ci", "cí", "ci\u0301")) {
      assertThat(store.insert(StoredKeys.key("acme", name))).as(name).isEqualTo(InsertOutcome.INSERTED);
    }
    assertThat(store.list("acme")).hasSize(5);
  }

  @Test
  void reportsADigestClashInTheSameTenantAndStoresNothing() {
    UUID key = UUID.randomUUID();
    store.insert(StoredKeys.key("acme", "ci", key));
    assertThat(store.insert(StoredKeys.key("acme", "deploy", key))).isEqualTo(InsertOutcome.DIGEST_TAKEN);
    assertThat(store.list("acme")).extracting(StoredApikey::name).containsExactly("ci");
  }

  @Test
  void reportsADigestClashAcrossTenantsAndStoresNothing() {
    UUID key = UUID.randomUUID();
    StoredApikey first = StoredKeys.key("acme", "ci", key);
    store.insert(first);
    assertThat(store.insert(StoredKeys.key("globex", "deploy", key))).isEqualTo(InsertOutcome.DIGEST_TAKEN);
    assertThat(store.list("globex")).isEmpty();
    assertThat(store.findByDigest("acme", first.digest())).contains(expected(first));
  }

  @Test
  void listsOnlyTheTenantsKeysOrderedByName() {
    List<String> names = List.of("zeta", "alpha", "Mid", "beta-2", "beta-10");
    for (String name : names) {
      store.insert(StoredKeys.key("acme", name));
    }
    store.insert(StoredKeys.key("globex", "aardvark"));
    assertThat(store.list("acme")).extracting(StoredApikey::name).containsExactly("Mid", "alpha", "beta-10", "beta-2", "zeta");
    assertThat(store.list("globex")).extracting(StoredApikey::name).containsExactly("aardvark");
    assertThat(store.list("initech")).isEmpty();
  }

  @Test
  void listOrdersByCodePointNotByLocaleOrUtf16() {
    // U+FF5E (one UTF-16 unit) sorts after U+1F511 (a surrogate pair) in UTF-16 order, before it in code point order.
    List<String> names = List.of("\uff5e", "\ud83d\udd11", "b", "B", "\u00e9", "e");
    for (String name : names) {
      store.insert(StoredKeys.key("acme", name));
    }
    assertThat(store.list("acme")).extracting(StoredApikey::name)
        .containsExactly("B", "b", "e", "\u00e9", "\uff5e", "\ud83d\udd11");
  }

  @Test
  void deleteRemovesTheKeyAndItsDigest() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    store.insert(key);
    assertThat(store.delete("acme", "ci")).isTrue();
    assertThat(store.findByDigest("acme", key.digest())).isEmpty();
    assertThat(store.list("acme")).isEmpty();
    assertThat(store.delete("acme", "ci")).isFalse();
  }

  @Test
  void deleteTouchesOnlyTheNamedKeyOfTheTenant() {
    StoredApikey acme = StoredKeys.key("acme", "ci");
    StoredApikey globex = StoredKeys.key("globex", "ci");
    StoredApikey other = StoredKeys.key("acme", "deploy");
    store.insert(acme);
    store.insert(globex);
    store.insert(other);
    assertThat(store.delete("initech", "ci")).isFalse();
    assertThat(store.delete("acme", "CI")).isFalse();
    assertThat(store.delete("acme", "ci")).isTrue();
    assertThat(store.findByDigest("globex", globex.digest())).contains(expected(globex));
    assertThat(store.findByDigest("acme", other.digest())).contains(expected(other));
  }

  @Test
  void aDeletedNameCanBeUsedAgainWithANewKey() {
    StoredApikey old = StoredKeys.key("acme", "ci");
    store.insert(old);
    store.delete("acme", "ci");
    StoredApikey renewed = StoredKeys.key("acme", "ci");
    assertThat(store.insert(renewed)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findByDigest("acme", renewed.digest())).contains(expected(renewed));
    assertThat(store.findByDigest("acme", old.digest())).isEmpty();
  }

  @Test
  void keepsAwkwardTextExactly() {
    List<String> names = List.of(
        "'; DROP TABLE apikeys; --",
        "\"quoted\" \\ back\\slash % _ * ? [x]",
        "ключ 🔑 東京",
        "n".repeat(128),
        "🔑".repeat(128),
        "#uuid \"x\" :kw ~u ^ ");
    String tenant = "t' OR '1'='1 " + "é".repeat(200);
    for (String name : names) {
      StoredApikey key = StoredKeys.key(tenant, name);
      assertThat(store.insert(key)).as(name).isEqualTo(InsertOutcome.INSERTED);
      assertThat(store.findByDigest(tenant, key.digest())).as(name).contains(expected(key));
    }
    assertThat(store.list(tenant)).extracting(StoredApikey::name).containsExactlyInAnyOrderElementsOf(names);
    assertThat(store.list("t")).isEmpty();
  }

  @Test
  void exactlyOneOfManyConcurrentInsertsOfTheSameNameWins() throws Exception {
    int n = threads();
    List<StoredApikey> candidates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      candidates.add(StoredKeys.key("acme", "contended"));
    }
    List<InsertOutcome> outcomes = race(n, i -> store.insert(candidates.get(i)));
    assertThat(outcomes).filteredOn(o -> o == InsertOutcome.INSERTED).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == InsertOutcome.NAME_TAKEN).hasSize(n - 1);
    int won = outcomes.indexOf(InsertOutcome.INSERTED);
    assertThat(store.list("acme")).containsExactly(expected(candidates.get(won)));
    for (int i = 0; i < n; i++) {
      if (i != won) {
        assertThat(store.findByDigest("acme", candidates.get(i).digest())).isEmpty();
      }
    }
  }

  @Test
  void concurrentInsertsOfDistinctNamesAreAllKept() throws Exception {
    int n = threads();
    int perThread = 25;
    Map<String, StoredApikey> all = new ConcurrentHashMap<>();
    List<List<InsertOutcome>> outcomes = race(n, i -> {
      List<InsertOutcome> mine = new ArrayList<>();
      for (int j = 0; j < perThread; j++) {
        StoredApikey key = StoredKeys.key(i % 2 == 0 ? "acme" : "globex", "key-" + i + "-" + j);
        all.put(key.tenant() + "/" + key.name(), expected(key));
        mine.add(store.insert(key));
      }
      return mine;
    });
    assertThat(outcomes.stream().flatMap(List::stream)).hasSize(n * perThread).allMatch(o -> o == InsertOutcome.INSERTED);
    List<StoredApikey> stored = new ArrayList<>(store.list("acme"));
    stored.addAll(store.list("globex"));
    assertThat(stored.stream().collect(Collectors.toMap(k -> k.tenant() + "/" + k.name(), k -> k))).isEqualTo(all);
    for (StoredApikey key : all.values()) {
      assertThat(store.findByDigest(key.tenant(), key.digest())).contains(key);
    }
  }

  // ---- lifecycle: find by name, pages, revoke, expiry, hint, last use ----

  private static boolean isAdmin(StoredApikey key) {
    return key.role().equals("admin");
  }

  @Test
  void findsAKeyByNameInItsTenantOnly() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    store.insert(key);
    assertThat(store.findByName("acme", "ci")).contains(expected(key));
    assertThat(store.findByName("acme", "CI")).isEmpty();
    assertThat(store.findByName("globex", "ci")).isEmpty();
  }

  @Test
  void pagesThroughATenantInNameOrder() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      names.add(String.format("key-%02d", i));
    }
    List<String> shuffled = new ArrayList<>(names);
    java.util.Collections.shuffle(shuffled, new java.util.Random(7));
    shuffled.forEach(n -> store.insert(StoredKeys.key("acme", n)));
    store.insert(StoredKeys.key("globex", "key-05"));

    List<String> seen = new ArrayList<>();
    String after = null;
    for (int page = 0; page < 10; page++) {
      List<StoredApikey> keys = store.list("acme", after, 5);
      assertThat(keys).hasSizeLessThanOrEqualTo(5).allSatisfy(k -> assertThat(k.tenant()).isEqualTo("acme"));
      if (keys.isEmpty()) {
        break;
      }
      keys.forEach(k -> seen.add(k.name()));
      after = keys.get(keys.size() - 1).name();
    }
    assertThat(seen).isEqualTo(names);
    assertThat(store.list("acme", "key-07x", 2)).extracting(StoredApikey::name).containsExactly("key-08", "key-09");
    assertThat(store.list("acme", "zzz", 5)).isEmpty();
    assertThat(store.list("initech", null, 5)).isEmpty();
  }

  @Test
  void pagesOrderByCodePoint() {
    List<String> names = List.of("\uff5e", "\ud83d\udd11", "b", "B");
    names.forEach(n -> store.insert(StoredKeys.key("acme", n)));
    assertThat(store.list("acme", "b", 10)).extracting(StoredApikey::name).containsExactly("\uff5e", "\ud83d\udd11");
  }

  @Test
  void revokesAKeyThatDoesNotAdminister() {
    StoredApikey admin = StoredKeys.key("acme", "root", "admin", UUID.randomUUID(), null);
    StoredApikey viewer = StoredKeys.key("acme", "dash", "viewer", UUID.randomUUID(), null);
    store.insert(admin);
    store.insert(viewer);
    assertThat(store.revokeUnlessLast("acme", "dash", ApikeyStoreContract::isAdmin)).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(store.findByDigest("acme", viewer.digest())).isEmpty();
    assertThat(store.revokeUnlessLast("acme", "dash", ApikeyStoreContract::isAdmin)).isEqualTo(RevokeOutcome.NOT_FOUND);
    assertThat(store.revokeUnlessLast("globex", "root", ApikeyStoreContract::isAdmin)).isEqualTo(RevokeOutcome.NOT_FOUND);
  }

  @Test
  void refusesToRevokeTheLastAdministrator() {
    StoredApikey first = StoredKeys.key("acme", "root", "admin", UUID.randomUUID(), null);
    StoredApikey second = StoredKeys.key("acme", "root-2", "admin", UUID.randomUUID(), null);
    store.insert(first);
    store.insert(StoredKeys.key("acme", "dash", "viewer", UUID.randomUUID(), null));
    store.insert(StoredKeys.key("globex", "root", "admin", UUID.randomUUID(), null));
    assertThat(store.revokeUnlessLast("acme", "root", ApikeyStoreContract::isAdmin)).isEqualTo(RevokeOutcome.LAST_ADMINISTRATOR);
    assertThat(store.findByDigest("acme", first.digest())).isPresent();
    store.insert(second);
    assertThat(store.revokeUnlessLast("acme", "root", ApikeyStoreContract::isAdmin)).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(store.revokeUnlessLast("acme", "root-2", ApikeyStoreContract::isAdmin)).isEqualTo(RevokeOutcome.LAST_ADMINISTRATOR);
    assertThat(store.list("acme")).extracting(StoredApikey::name).containsExactly("dash", "root-2");
  }

  @Test
  void aRevokeAsksTheDecisionAboutTheKeyAndItsTenantAndKeepsARefusedKey() {
    StoredApikey admin = StoredKeys.key("acme", "root", "admin", UUID.randomUUID(), null);
    StoredApikey viewer = StoredKeys.key("acme", "dash", "viewer", UUID.randomUUID(), null);
    store.insert(admin);
    store.insert(viewer);
    store.insert(StoredKeys.key("globex", "dash", "admin", UUID.randomUUID(), null));
    List<String> seen = new ArrayList<>();
    RevokeDecision forbid = (key, tenantKeys) -> {
      seen.add(key.name() + "/" + key.role() + " of " + tenantKeys.stream().map(StoredApikey::name).sorted().toList());
      return RevokeOutcome.FORBIDDEN;
    };
    assertThat(store.revoke("acme", "dash", forbid)).isEqualTo(RevokeOutcome.FORBIDDEN);
    assertThat(seen).containsExactly("dash/viewer of [dash, root]");
    assertThat(store.findByDigest("acme", viewer.digest())).isPresent();
    assertThat(store.revoke("acme", "nobody", forbid)).isEqualTo(RevokeOutcome.NOT_FOUND);
    assertThat(seen).hasSize(1);
    assertThat(store.revoke("acme", "dash", (key, tenantKeys) -> RevokeOutcome.REVOKED)).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(store.findByDigest("acme", viewer.digest())).isEmpty();
    assertThat(store.list("globex")).hasSize(1);
  }

  @Test
  void aRevokeDecidesOnTheKeyThatHoldsTheNameNowNotOnAReplacedOne() {
    StoredApikey viewer = StoredKeys.key("acme", "dash", "viewer", UUID.randomUUID(), null);
    StoredApikey admin = StoredKeys.key("acme", "dash", "admin", UUID.randomUUID(), null);
    store.insert(viewer);
    StoredApikey read = store.findByName("acme", "dash").orElseThrow();
    // Replaced between a caller's read and its revoke: the decision sees the admin key.
    assertThat(store.delete("acme", "dash")).isTrue();
    assertThat(store.insert(admin)).isEqualTo(InsertOutcome.INSERTED);
    RevokeDecision viewersOnly = (key, tenantKeys) -> key.role().equals(read.role()) ? RevokeOutcome.REVOKED : RevokeOutcome.FORBIDDEN;
    assertThat(store.revoke("acme", "dash", viewersOnly)).isEqualTo(RevokeOutcome.FORBIDDEN);
    assertThat(store.findByDigest("acme", admin.digest())).isPresent();
  }

  @Test
  void concurrentRevokesNeverRemoveEveryAdministrator() throws Exception {
    assumeTrue(store.features().contains(StoreFeature.ATOMIC_REVOKE), "the store does not revoke atomically");
    for (int round = 0; round < 5; round++) {
      String tenant = "race-" + round;
      int n = 4;
      for (int i = 0; i < n; i++) {
        store.insert(StoredKeys.key(tenant, "admin-" + i, "admin", UUID.randomUUID(), null));
      }
      List<RevokeOutcome> outcomes = race(n, i -> store.revokeUnlessLast(tenant, "admin-" + i, ApikeyStoreContract::isAdmin));
      assertThat(outcomes).filteredOn(o -> o == RevokeOutcome.REVOKED).hasSize(n - 1);
      assertThat(outcomes).filteredOn(o -> o == RevokeOutcome.LAST_ADMINISTRATOR).hasSize(1);
      assertThat(store.list(tenant)).hasSize(1);
    }
  }

  @Test
  void keepsExpiryAndHint() {
    assumeTrue(store.features().containsAll(Set.of(StoreFeature.EXPIRY, StoreFeature.HINT)), "the store keeps no expiry or hint");
    StoredApikey key = StoredKeys.key("acme", "temp", "viewer", UUID.randomUUID(), Instant.parse("2027-01-31T12:34:56.789Z"));
    store.insert(key);
    StoredApikey back = store.findByDigest("acme", key.digest()).orElseThrow();
    assertThat(back.expiresAt()).isEqualTo(Instant.parse("2027-01-31T12:34:56.789Z"));
    assertThat(back.hint()).hasSize(4).isEqualTo(key.hint());
    assertThat(store.list("acme", null, 1)).containsExactly(back);
    assertThat(store.findByName("acme", "temp")).contains(back);
  }

  @Test
  void recordsLastUseAndNeverMovesItBack() {
    assumeTrue(store.features().contains(StoreFeature.LAST_USE), "the store records no last use");
    StoredApikey a = StoredKeys.key("acme", "a");
    StoredApikey b = StoredKeys.key("globex", "b");
    StoredApikey gone = StoredKeys.key("acme", "gone");
    store.insert(a);
    store.insert(b);
    store.insert(gone);
    store.delete("acme", "gone");
    Instant t1 = Instant.parse("2026-12-01T10:00:00.001Z");
    Instant t2 = Instant.parse("2026-12-01T10:05:00.002Z");
    Map<dev.apikeys.core.spi.KeyDigest, Instant> uses = new java.util.HashMap<>();
    uses.put(a.digest(), t2);
    uses.put(b.digest(), t1);
    uses.put(gone.digest(), t1);
    uses.put(StoredKeys.key("acme", "never-stored").digest(), t1);
    store.recordLastUse(uses);
    assertThat(store.findByDigest("acme", a.digest()).orElseThrow().lastUsedAt()).isEqualTo(t2);
    assertThat(store.findByName("globex", "b").orElseThrow().lastUsedAt()).isEqualTo(t1);
    assertThat(store.findByDigest("acme", gone.digest())).isEmpty();
    store.recordLastUse(Map.of(a.digest(), t1));
    assertThat(store.list("acme")).singleElement().satisfies(k -> assertThat(k.lastUsedAt()).isEqualTo(t2));
    assertThat(store.delete("acme", "a")).isTrue();
    assertThat(store.findByDigest("acme", a.digest())).isEmpty();
  }

  /** A task of one racing thread. */
  @FunctionalInterface
  public interface RaceTask<T> {
    /**
     * Runs the task of thread {@code i}.
     *
     * @param i the thread's index
     * @return its result
     * @throws Exception whatever it throws fails the test
     */
    T run(int i) throws Exception;
  }

  /**
   * Runs a task on {@code n} threads released at the same instant and returns their results by
   * thread index.
   *
   * @param n the number of threads
   * @param task what each thread does
   * @param <T> the result type
   * @return the results, in thread order
   * @throws Exception the first failure of any thread
   */
  public static <T> List<T> race(int n, RaceTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return task.run(index);
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads ready").isTrue();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
