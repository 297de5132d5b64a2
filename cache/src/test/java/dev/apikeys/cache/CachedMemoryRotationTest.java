package dev.apikeys.cache;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import dev.apikeys.storage.tck.RotationContract;

/** Rotation through the cache over the memory store: no key the rotation ended is answered from the cache. */
class CachedMemoryRotationTest extends RotationContract {
  @Override
  protected ApikeyStore newStore() {
    return CachedApikeyStore.of(new MemoryApikeyStore());
  }
}
