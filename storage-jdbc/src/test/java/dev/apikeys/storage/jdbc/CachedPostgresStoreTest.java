package dev.apikeys.storage.jdbc;

import dev.apikeys.cache.CachedApikeyStore;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.ApikeyStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on the verification cache over the JDBC store: the cache changes no answer. */
class CachedPostgresStoreTest extends ApikeyStoreContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  protected ApikeyStore newStore() {
    return CachedApikeyStore.of(DATABASE.newStore());
  }
}
