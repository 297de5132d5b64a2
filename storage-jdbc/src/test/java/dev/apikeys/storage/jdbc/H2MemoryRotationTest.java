package dev.apikeys.storage.jdbc;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.RotationContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rotation on H2 in memory. */
class H2MemoryRotationTest extends RotationContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.h2Memory();

  @Override
  protected ApikeyStore newStore() {
    return DATABASE.newStore();
  }
}
