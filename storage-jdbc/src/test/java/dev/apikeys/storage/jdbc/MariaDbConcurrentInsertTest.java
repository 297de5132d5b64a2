package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent inserts on MariaDB (skipped unless APIKEYS_TEST_MARIADB_URL is set). */
class MariaDbConcurrentInsertTest extends ConcurrentInsertContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.mariaDb();

  @Override
  TestDatabase database() {
    return DATABASE;
  }
}
