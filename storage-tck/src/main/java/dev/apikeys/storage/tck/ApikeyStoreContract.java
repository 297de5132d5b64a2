package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.StoredApikey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract of {@link ApikeyStore}: subclass it, return a fresh empty store from {@link
 * #newStore()}, and every test runs against it.
 *
 * <pre>{@code
 * class MyStoreTest extends ApikeyStoreContract {
 *   @Override protected ApikeyStore newStore() { return new MyStore(...); }
 * }
 * }</pre>
 *
 * <p>The tests are those of the focused contracts it implements: {@link StoreInsertContract},
 * {@link StoreListContract}, {@link StoreRevokeContract} and {@link StoreFeaturesContract}.
 */
public abstract class ApikeyStoreContract
    implements StoreInsertContract, StoreListContract, StoreRevokeContract, StoreFeaturesContract {
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
    return Fixtures.RACE_THREADS;
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
    return Fixtures.keptBy(store, key);
  }

  /** {@return the store {@link #newStore()} made for this test} */
  @Override
  public final ApikeyStore store() {
    return store;
  }

  /** {@return {@link #threads()}, which a subclass overrides} */
  @Override
  public final int raceThreads() {
    return threads();
  }

  /**
   * {@return {@link #expected(StoredApikey)}, which a subclass overrides}
   *
   * @param key the record inserted
   */
  @Override
  public final StoredApikey expectedBack(StoredApikey key) {
    return expected(key);
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
