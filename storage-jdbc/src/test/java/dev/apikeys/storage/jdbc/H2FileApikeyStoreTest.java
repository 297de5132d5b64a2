package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on H2, a file database under target/, through HikariCP. */
class H2FileApikeyStoreTest extends JdbcStoreContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.h2File();

  @Override
  TestDatabase database() {
    return DATABASE;
  }
}
