package dev.apikeys.storage.tck;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.util.Set;

/** The defaults that {@link StoreFixture} and {@link ApikeyStoreContract} share. */
final class Fixtures {
  /** How many threads a store's concurrency tests race unless it asks for more. */
  static final int RACE_THREADS = 16;

  private Fixtures() {}

  /** A record as {@code store} gives it back: without the fields of the features it lacks. */
  static StoredApikey keptBy(ApikeyStore store, StoredApikey key) {
    Set<StoreFeature> f = store.features();
    return new StoredApikey(key.tenant(), key.name(), key.role(), key.digest(), key.keyId(),
        f.contains(StoreFeature.HINT) ? key.hint() : null, key.createdBy(), key.createdAt(),
        f.contains(StoreFeature.EXPIRY) ? key.expiresAt() : null, f.contains(StoreFeature.LAST_USE) ? key.lastUsedAt() : null);
  }
}
