package dev.apikeys.storage.jdbc;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.ApikeyServiceContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service end to end on MariaDB (skipped unless APIKEYS_TEST_MARIADB_URL is set). */
class MariaDbApikeyServiceTest extends ApikeyServiceContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.mariaDb();

  @Override
  protected ApikeyStore newStore() {
    return DATABASE.newStore();
  }
}
