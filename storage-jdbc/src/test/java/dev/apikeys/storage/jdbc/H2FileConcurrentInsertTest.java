package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent inserts on an H2 file database. */
class H2FileConcurrentInsertTest extends ConcurrentInsertContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.h2File();

  @Override
  TestDatabase database() {
    return DATABASE;
  }
}
