package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.StoredApikey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Inserting keys and finding them again: by digest and by name, only in their own tenant, a taken
 * name or digest refused with nothing stored, text kept exactly, and concurrent inserts. Part of
 * {@link ApikeyStoreContract}.
 */
public interface StoreInsertContract extends StoreFixture {
  @Test
  default void insertedKeyIsFoundByDigestWithEveryFieldIntact() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(store().insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store().findByDigest("acme", key.digest())).contains(expectedBack(key));
  }

  @Test
  default void unknownDigestIsNotFound() {
    store().insert(StoredKeys.key("acme", "ci"));
    assertThat(store().findByDigest("acme", StoredKeys.key("acme", "other").digest())).isEmpty();
  }

  @Test
  default void keyOfAnotherTenantIsNotFound() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    store().insert(key);
    assertThat(store().findByDigest("globex", key.digest())).isEmpty();
    assertThat(store().findByDigest("ACME", key.digest())).isEmpty();
    assertThat(store().findByDigest("acme ", key.digest())).isEmpty();
  }

  @Test
  default void findsAKeyByNameInItsTenantOnly() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    store().insert(key);
    assertThat(store().findByName("acme", "ci")).contains(expectedBack(key));
    assertThat(store().findByName("acme", "CI")).isEmpty();
    assertThat(store().findByName("globex", "ci")).isEmpty();
  }

  @Test
  default void rejectsDuplicateNameInSameTenantAndKeepsTheFirst() {
    StoredApikey first = StoredKeys.key("acme", "ci");
    StoredApikey second = StoredKeys.key("acme", "ci");
    store().insert(first);
    assertThat(store().insert(second)).isEqualTo(InsertOutcome.NAME_TAKEN);
    assertThat(store().findByDigest("acme", first.digest())).contains(expectedBack(first));
    assertThat(store().findByDigest("acme", second.digest())).isEmpty();
    assertThat(store().list("acme")).containsExactly(expectedBack(first));
  }

  @Test
  default void allowsTheSameNameInDifferentTenants() {
    StoredApikey a = StoredKeys.key("acme", "ci");
    StoredApikey b = StoredKeys.key("globex", "ci");
    assertThat(store().insert(a)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store().insert(b)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store().findByDigest("acme", a.digest())).contains(expectedBack(a));
    assertThat(store().findByDigest("globex", b.digest())).contains(expectedBack(b));
  }

  @Test
  default void namesAreCaseAndAccentSensitive() {
    for (String name : List.of("ci", "CI", "Ci", "cí", "ci\u0301")) {
      assertThat(store().insert(StoredKeys.key("acme", name))).as(name).isEqualTo(InsertOutcome.INSERTED);
    }
    assertThat(store().list("acme")).hasSize(5);
  }

  @Test
  default void reportsADigestClashInTheSameTenantAndStoresNothing() {
    UUID key = UUID.randomUUID();
    store().insert(StoredKeys.key("acme", "ci", key));
    assertThat(store().insert(StoredKeys.key("acme", "deploy", key))).isEqualTo(InsertOutcome.DIGEST_TAKEN);
    assertThat(store().list("acme")).extracting(StoredApikey::name).containsExactly("ci");
  }

  @Test
  default void reportsADigestClashAcrossTenantsAndStoresNothing() {
    UUID key = UUID.randomUUID();
    StoredApikey first = StoredKeys.key("acme", "ci", key);
    store().insert(first);
    assertThat(store().insert(StoredKeys.key("globex", "deploy", key))).isEqualTo(InsertOutcome.DIGEST_TAKEN);
    assertThat(store().list("globex")).isEmpty();
    assertThat(store().findByDigest("acme", first.digest())).contains(expectedBack(first));
  }

  @Test
  default void keepsAwkwardTextExactly() {
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
      assertThat(store().insert(key)).as(name).isEqualTo(InsertOutcome.INSERTED);
      assertThat(store().findByDigest(tenant, key.digest())).as(name).contains(expectedBack(key));
    }
    assertThat(store().list(tenant)).extracting(StoredApikey::name).containsExactlyInAnyOrderElementsOf(names);
    assertThat(store().list("t")).isEmpty();
  }

  @Test
  default void exactlyOneOfManyConcurrentInsertsOfTheSameNameWins() throws Exception {
    int n = raceThreads();
    List<StoredApikey> candidates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      candidates.add(StoredKeys.key("acme", "contended"));
    }
    List<InsertOutcome> outcomes = ApikeyStoreContract.race(n, i -> store().insert(candidates.get(i)));
    assertThat(outcomes).filteredOn(o -> o == InsertOutcome.INSERTED).hasSize(1);
    assertThat(outcomes).filteredOn(o -> o == InsertOutcome.NAME_TAKEN).hasSize(n - 1);
    int won = outcomes.indexOf(InsertOutcome.INSERTED);
    assertThat(store().list("acme")).containsExactly(expectedBack(candidates.get(won)));
    for (int i = 0; i < n; i++) {
      if (i != won) {
        assertThat(store().findByDigest("acme", candidates.get(i).digest())).isEmpty();
      }
    }
  }

  @Test
  default void concurrentInsertsOfDistinctNamesAreAllKept() throws Exception {
    int n = raceThreads();
    int perThread = 25;
    Map<String, StoredApikey> all = new ConcurrentHashMap<>();
    List<List<InsertOutcome>> outcomes = ApikeyStoreContract.race(n, i -> {
      List<InsertOutcome> mine = new ArrayList<>();
      for (int j = 0; j < perThread; j++) {
        StoredApikey key = StoredKeys.key(i % 2 == 0 ? "acme" : "globex", "key-" + i + "-" + j);
        all.put(key.tenant() + "/" + key.name(), expectedBack(key));
        mine.add(store().insert(key));
      }
      return mine;
    });
    assertThat(outcomes.stream().flatMap(List::stream)).hasSize(n * perThread).allMatch(o -> o == InsertOutcome.INSERTED);
    List<StoredApikey> stored = new ArrayList<>(store().list("acme"));
    stored.addAll(store().list("globex"));
    assertThat(stored.stream().collect(Collectors.toMap(k -> k.tenant() + "/" + k.name(), k -> k))).isEqualTo(all);
    for (StoredApikey key : all.values()) {
      assertThat(store().findByDigest(key.tenant(), key.digest())).contains(key);
    }
  }
}
