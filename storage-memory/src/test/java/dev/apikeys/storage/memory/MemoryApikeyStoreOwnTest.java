package dev.apikeys.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the memory store has beyond the contract: every feature, as the reference the other stores are compared with, and its size. */
class MemoryApikeyStoreOwnTest {
  private static StoredApikey key(String tenant, String name, long n) {
    KeyDigest digest = KeyDigest.ofKey(new UUID(0x4000, 0x8000_0000_0000_0000L | n));
    return new StoredApikey(tenant, name, "viewer", digest, digest.fingerprint(), "bootstrap", Instant.EPOCH);
  }

  @Test
  void hasEveryFeatureSoThatTheWholeContractRunsOnIt() {
    assertThat(new MemoryApikeyStore().features()).containsExactlyInAnyOrder(StoreFeature.values());
  }

  @Test
  void countsTheKeysOfAllTenantsAndSaysHowManyInToString() {
    MemoryApikeyStore store = new MemoryApikeyStore();
    assertThat(store.size()).isZero();
    store.insert(key("acme", "ci", 1));
    store.insert(key("acme", "deploy", 2));
    store.insert(key("initech", "ci", 3));
    store.delete("acme", "ci");

    assertThat(store.size()).isEqualTo(2);
    assertThat(store).hasToString("MemoryApikeyStore[2 keys]");
  }
}
