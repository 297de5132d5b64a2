package dev.apikeys.storage.jdbc;

import dev.apikeys.cache.CachedApikeyStore;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.RotationContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rotation through the verification cache over PostgreSQL: no key a rotation ended is answered from the cache. */
class CachedPostgresRotationTest extends RotationContract {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.postgres();

  @Override
  protected ApikeyStore newStore() {
    return CachedApikeyStore.of(DATABASE.newStore());
  }
}
