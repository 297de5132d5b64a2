package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent inserts on PostgreSQL. */
class PostgresConcurrentInsertTest extends ConcurrentInsertContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  TestDatabase database() {
    return DATABASE;
  }
}
