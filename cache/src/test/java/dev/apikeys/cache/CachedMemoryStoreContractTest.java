package dev.apikeys.cache;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import dev.apikeys.storage.tck.ApikeyStoreContract;

/** The store contract on the cache over the memory store, with no feed: its own writes keep it exact. */
class CachedMemoryStoreContractTest extends ApikeyStoreContract {
  @Override
  protected ApikeyStore newStore() {
    return CachedApikeyStore.of(new MemoryApikeyStore());
  }
}
