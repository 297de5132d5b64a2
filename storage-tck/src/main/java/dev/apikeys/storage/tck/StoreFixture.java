package dev.apikeys.storage.tck;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.StoredApikey;

/**
 * What the store contracts test: the store, fresh for each test, and what it is expected to give
 * back. {@link ApikeyStoreContract} provides it from its {@code newStore()}; a test class that
 * implements some of the focused contracts alone provides {@link #store()} itself.
 */
public interface StoreFixture {
  /**
   * The store under test: a fresh one, with no keys, for each test.
   *
   * @return the store
   */
  ApikeyStore store();

  /**
   * How many threads the concurrency tests race.
   *
   * @return the thread count, 16 unless overridden
   */
  default int raceThreads() {
    return Fixtures.RACE_THREADS;
  }

  /**
   * A record as this store gives it back: without the fields of the features it lacks.
   *
   * @param key the record inserted
   * @return the record expected back
   */
  default StoredApikey expectedBack(StoredApikey key) {
    return Fixtures.keptBy(store(), key);
  }
}
