package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on H2, in memory, through the plain H2 data source (no pool). */
class H2MemoryApikeyStoreTest extends JdbcStoreContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.h2Memory();

  @Override
  TestDatabase database() {
    return DATABASE;
  }
}
