package dev.apikeys.storage.memory;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.ApikeyStoreContract;

class MemoryApikeyStoreTest extends ApikeyStoreContract {
  @Override
  protected ApikeyStore newStore() {
    return new MemoryApikeyStore();
  }
}
