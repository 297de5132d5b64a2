package dev.apikeys.storage.jdbc;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.ApikeyServiceContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service end to end on PostgreSQL. */
class PostgresApikeyServiceTest extends ApikeyServiceContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  protected ApikeyStore newStore() {
    return DATABASE.newStore();
  }
}
