package dev.apikeys.storage.memory;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.storage.tck.RotationContract;

/** Rotation on the memory store. */
class MemoryRotationTest extends RotationContract {
  @Override
  protected ApikeyStore newStore() {
    return new MemoryApikeyStore();
  }
}
