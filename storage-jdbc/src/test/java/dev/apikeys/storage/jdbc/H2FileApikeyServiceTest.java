package dev.apikeys.storage.jdbc;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.ApikeyServiceContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service end to end on an H2 file database. */
class H2FileApikeyServiceTest extends ApikeyServiceContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.h2File();

  @Override
  protected ApikeyStore newStore() {
    return DATABASE.newStore();
  }
}
