package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent inserts, revokes and last-use batches from two instances on PostgreSQL. */
class PostgresConcurrentWriteTest extends ConcurrentWriteContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  TestDatabase database() {
    return DATABASE;
  }
}
