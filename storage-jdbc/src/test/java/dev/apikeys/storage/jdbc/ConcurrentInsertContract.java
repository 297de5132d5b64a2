package dev.apikeys.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.tck.StoredKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two service instances, each with a store on a HikariCP pool of its own, on one database: real
 * threads released together by a latch.
 */
abstract class ConcurrentInsertContract {
  private static final int THREADS = 16;
  private static final int ROUNDS = 10;
  private static final int NAMES_PER_THREAD = 25;

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
