package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on MariaDB at APIKEYS_TEST_MARIADB_URL; skipped, saying how to run it, when unset. */
class MariaDbApikeyStoreTest extends JdbcStoreContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.mariaDb();

  @Override
  TestDatabase database() {
    return DATABASE;
  }
}
