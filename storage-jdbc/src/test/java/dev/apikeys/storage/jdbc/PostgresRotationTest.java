package dev.apikeys.storage.jdbc;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.RotationContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rotation on PostgreSQL. */
class PostgresRotationTest extends RotationContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  protected ApikeyStore newStore() {
    return DATABASE.newStore();
  }
}
