package dev.apikeys.storage.jdbc;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.ApikeyServiceContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service end to end on H2 in memory. */
class H2MemoryApikeyServiceTest extends ApikeyServiceContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.h2Memory();

  @Override
  protected ApikeyStore newStore() {
    return DATABASE.newStore();
  }
}
