package dev.apikeys.storage.jdbc;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.RotationContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rotation on MariaDB (skipped unless APIKEYS_TEST_MARIADB_URL is set). */
class MariaDbRotationTest extends RotationContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.mariaDb();

  @Override
  protected ApikeyStore newStore() {
    return DATABASE.newStore();
  }
}
