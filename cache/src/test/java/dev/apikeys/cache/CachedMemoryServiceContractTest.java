package dev.apikeys.cache;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import dev.apikeys.storage.tck.ApikeyServiceContract;

/** The service contract on the cache over the memory store, with no feed. */
class CachedMemoryServiceContractTest extends ApikeyServiceContract {
  @Override
  protected ApikeyStore newStore() {
    return CachedApikeyStore.of(new MemoryApikeyStore());
  }
}
