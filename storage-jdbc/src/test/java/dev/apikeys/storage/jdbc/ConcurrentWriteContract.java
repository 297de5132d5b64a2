package dev.apikeys.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.tck.StoredKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two service instances, each with a store on a HikariCP pool of its own, on one database, as two
 * processes would share it: real threads released together by a latch.
 */
abstract class ConcurrentWriteContract {
  private static final int THREADS = 16;
  private static final int ROUNDS = 10;
  private static final int NAMES_PER_THREAD = 25;
  private static final int REVOKE_ROUNDS = 3;
  private static final int BATCHES_PER_THREAD = 5;
  private static final Predicate<StoredApikey> ADMINS = k -> k.role().equals("admin");

  private HikariDataSource firstPool;
  private HikariDataSource secondPool;
  private JdbiApikeyStore first;
  private JdbiApikeyStore second;

  abstract TestDatabase database();

  @BeforeEach
  void twoInstances() {
    database().newStore();
    firstPool = database().newPool(THREADS / 2);
    secondPool = database().newPool(THREADS / 2);
    first = JdbiApikeyStore.builder(firstPool).table(database().table()).build();
    second = JdbiApikeyStore.builder(secondPool).table(database().table()).build();
  }

  @AfterEach
  void closePools() {
    firstPool.close();
    secondPool.close();
  }

  @Test
  void racingToInsertTheSameNameInOneTenantExactlyOneWinsAndTheOthersAreNameTaken() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String name = "race-" + round;
      List<InsertOutcome> outcomes = race(thread -> storeOf(thread).insert(StoredKeys.key("acme", name)));

      assertThat(Collections.frequency(outcomes, InsertOutcome.INSERTED)).as("round %d: %s", round, outcomes).isEqualTo(1);
      assertThat(Collections.frequency(outcomes, InsertOutcome.NAME_TAKEN)).as("round %d", round).isEqualTo(THREADS - 1);
    }
    assertThat(database().rowCount()).isEqualTo(ROUNDS);
    assertThat(first.list("acme")).hasSize(ROUNDS).isEqualTo(second.list("acme"));
  }

  @Test
  void racingToInsertDistinctNamesLosesNone() throws Exception {
    List<List<StoredApikey>> inserted =
        race(
            thread -> {
              List<StoredApikey> keys = new ArrayList<>();
              for (int i = 0; i < NAMES_PER_THREAD; i++) {
                StoredApikey key = StoredKeys.key("acme", "thread-" + thread + "-key-" + i);
                assertThat(storeOf(thread).insert(key)).isEqualTo(InsertOutcome.INSERTED);
                keys.add(key);
              }
              return keys;
            });

    assertThat(database().rowCount()).isEqualTo((long) THREADS * NAMES_PER_THREAD);
    List<StoredApikey> all = inserted.stream().flatMap(List::stream).toList();
    assertThat(second.list("acme")).containsExactlyInAnyOrderElementsOf(all);
    for (StoredApikey key : all) {
      assertThat(first.findByDigest("acme", key.digest())).contains(key);
    }
  }

  @Test
  void racingToRevokeEveryAdministratorOfATenantLeavesExactlyOne() throws Exception {
    for (int round = 0; round < REVOKE_ROUNDS; round++) {
      String tenant = "revoke-" + round;
      for (int i = 0; i < THREADS; i++) {
        assertThat(first.insert(admin(tenant, "admin-" + i))).isEqualTo(InsertOutcome.INSERTED);
      }
      StoredApikey viewer = StoredKeys.key(tenant, "viewer", "viewer", UUID.randomUUID(), null);
      assertThat(second.insert(viewer)).isEqualTo(InsertOutcome.INSERTED);

      List<RevokeOutcome> outcomes = race(thread -> storeOf(thread).revokeUnlessLast(tenant, "admin-" + thread, ADMINS));

      assertThat(Collections.frequency(outcomes, RevokeOutcome.REVOKED)).as("round %d: %s", round, outcomes).isEqualTo(THREADS - 1);
      int kept = outcomes.indexOf(RevokeOutcome.LAST_ADMINISTRATOR);
      assertThat(kept).as("round %d: %s", round, outcomes).isNotNegative();
      assertThat(second.list(tenant)).extracting(StoredApikey::name).containsExactly("admin-" + kept, "viewer");
    }
  }

  @Test
  void revokesRacingLastUseBatchesInOneTenantAllAnswerAndLeaveOneAdministrator() throws Exception {
    String tenant = "acme";
    List<StoredApikey> keys = new ArrayList<>();
    for (int i = 0; i < THREADS / 2; i++) {
      keys.add(admin(tenant, "admin-" + i));
      keys.add(StoredKeys.key(tenant, "viewer-" + i, "viewer", UUID.randomUUID(), null));
    }
    for (StoredApikey key : keys) {
      assertThat(first.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    }
    Instant base = Instant.parse("2026-12-01T10:00:00Z");

    // Even threads revoke an administrator each; odd ones record a use of every key, again and again.
    List<RevokeOutcome> outcomes =
        race(
            thread -> {
              if (thread % 2 == 0) {
                return storeOf(thread).revokeUnlessLast(tenant, "admin-" + thread / 2, ADMINS);
              }
              for (int batch = 0; batch < BATCHES_PER_THREAD; batch++) {
                Map<KeyDigest, Instant> uses = new HashMap<>();
                for (StoredApikey key : keys) {
                  uses.put(key.digest(), base.plusMillis(thread * 10L + batch));
                }
                storeOf(thread).recordLastUse(uses);
              }
              return null;
            });

    List<RevokeOutcome> revokes = outcomes.stream().filter(Objects::nonNull).toList();
    assertThat(Collections.frequency(revokes, RevokeOutcome.REVOKED)).as("%s", revokes).isEqualTo(THREADS / 2 - 1);
    assertThat(Collections.frequency(revokes, RevokeOutcome.LAST_ADMINISTRATOR)).as("%s", revokes).isEqualTo(1);
    List<StoredApikey> left = second.list(tenant);
    assertThat(left).filteredOn(ADMINS).hasSize(1);
    assertThat(left).hasSize(THREADS / 2 + 1);
    // Whatever order the batches ran in, every key kept the latest use of all.
    Instant latest = base.plusMillis((THREADS - 1) * 10L + BATCHES_PER_THREAD - 1);
    assertThat(left).allSatisfy(k -> assertThat(k.lastUsedAt()).isEqualTo(latest));
  }

  private static StoredApikey admin(String tenant, String name) {
    return StoredKeys.key(tenant, name, "admin", UUID.randomUUID(), null);
  }

  private JdbiApikeyStore storeOf(int thread) {
    return thread % 2 == 0 ? first : second;
  }

  /** Runs the task on every thread at once, released by one latch; the results in thread order. */
  private static <T> List<T> race(IntFunction<T> task) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch ready = new CountDownLatch(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        int thread = i;
        futures.add(
            threads.submit(
                () -> {
                  ready.countDown();
                  start.await();
                  return task.apply(thread);
                }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads ready").isTrue();
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      threads.shutdownNow();
      assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).as("threads ended").isTrue();
    }
  }
}
