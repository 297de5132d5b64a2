package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent inserts, revokes and last-use batches from two instances on an H2 file database. */
class H2FileConcurrentWriteTest extends ConcurrentWriteContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.h2File();

  @Override
  TestDatabase database() {
    return DATABASE;
  }
}
