package dev.apikeys.storage.memory;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.ApikeyServiceContract;

class MemoryApikeyServiceTest extends ApikeyServiceContract {
  @Override
  protected ApikeyStore newStore() {
    return new MemoryApikeyStore();
  }
}
