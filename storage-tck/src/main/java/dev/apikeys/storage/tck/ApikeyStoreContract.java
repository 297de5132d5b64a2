package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.StoredApikey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  @Test
  void insertedKeyIsFoundByDigestWithEveryFieldIntact() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findByDigest("acme", key.digest())).contains(key);
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
    assertThat(store.findByDigest("acme", first.digest())).contains(first);
    assertThat(store.findByDigest("acme", second.digest())).isEmpty();
    assertThat(store.list("acme")).containsExactly(first);
  }

  @Test
  void allowsTheSameNameInDifferentTenants() {
    StoredApikey a = StoredKeys.key("acme", "ci");
    StoredApikey b = StoredKeys.key("globex", "ci");
    assertThat(store.insert(a)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.insert(b)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findByDigest("acme", a.digest())).contains(a);
    assertThat(store.findByDigest("globex", b.digest())).contains(b);
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
    assertThat(store.findByDigest("acme", first.digest())).contains(first);
  }

  @Test
  void aTakenNameWinsOverADigestClash() {
    UUID key = UUID.randomUUID();
    store.insert(StoredKeys.key("acme", "ci", key));
    InsertOutcome outcome = store.insert(StoredKeys.key("acme", "ci", key));
    assertThat(outcome).isIn(InsertOutcome.NAME_TAKEN, InsertOutcome.DIGEST_TAKEN);
    assertThat(store.list("acme")).hasSize(1);
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
    assertThat(store.findByDigest("globex", globex.digest())).contains(globex);
    assertThat(store.findByDigest("acme", other.digest())).contains(other);
  }

  @Test
  void aDeletedNameCanBeUsedAgainWithANewKey() {
    StoredApikey old = StoredKeys.key("acme", "ci");
    store.insert(old);
    store.delete("acme", "ci");
    StoredApikey renewed = StoredKeys.key("acme", "ci");
    assertThat(store.insert(renewed)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findByDigest("acme", renewed.digest())).contains(renewed);
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
      assertThat(store.findByDigest(tenant, key.digest())).as(name).contains(key);
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
    StoredApikey winner = candidates.get(outcomes.indexOf(InsertOutcome.INSERTED));
    assertThat(store.list("acme")).containsExactly(winner);
    for (StoredApikey loser : candidates) {
      if (loser != winner) {
        assertThat(store.findByDigest("acme", loser.digest())).isEmpty();
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
        all.put(key.tenant() + "/" + key.name(), key);
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
