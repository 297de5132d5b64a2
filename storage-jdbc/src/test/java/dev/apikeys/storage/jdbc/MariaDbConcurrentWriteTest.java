package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Concurrent inserts, revokes and last-use batches from two instances on MariaDB (skipped unless
 * APIKEYS_TEST_MARIADB_URL is set).
 */
class MariaDbConcurrentWriteTest extends ConcurrentWriteContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.mariaDb();

  @Override
  TestDatabase database() {
    return DATABASE;
  }
}
