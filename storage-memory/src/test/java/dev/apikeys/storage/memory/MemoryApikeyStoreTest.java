package dev.apikeys.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.tck.ApikeyStoreContract;
import dev.apikeys.storage.tck.StoredKeys;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemoryApikeyStoreTest extends ApikeyStoreContract {
  @Override
  protected ApikeyStore newStore() {
    return new MemoryApikeyStore();
  }

  @Test
  void aKeyWhoseNameAndDigestAreBothTakenIsDigestTakenSinceTheDigestIsClaimedFirst() {
    UUID key = UUID.randomUUID();
    StoredApikey first = StoredKeys.key("acme", "ci", key);
    assertThat(store.insert(first)).isEqualTo(InsertOutcome.INSERTED);

    assertThat(store.insert(StoredKeys.key("acme", "ci", key))).isEqualTo(InsertOutcome.DIGEST_TAKEN);

    assertThat(store.list("acme")).containsExactly(first);
    assertThat(store.findByDigest("acme", first.digest())).contains(first);
  }
}
