package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a store keeps only with the {@link StoreFeature features} it declares:
 * expiry and hint, and last use; each test is skipped for a store without its feature. Part of
 * {@link ApikeyStoreContract}.
 */
public interface StoreFeaturesContract extends StoreFixture {
  @Test
  default void keepsExpiryAndHint() {
    assumeTrue(store().features().containsAll(Set.of(StoreFeature.EXPIRY, StoreFeature.HINT)), "the store keeps no expiry or hint");
    StoredApikey key = StoredKeys.key("acme", "temp", "viewer", UUID.randomUUID(), Instant.parse("2027-01-31T12:34:56.789Z"));
    store().insert(key);
    StoredApikey back = store().findByDigest("acme", key.digest()).orElseThrow();
    assertThat(back.expiresAt()).isEqualTo(Instant.parse("2027-01-31T12:34:56.789Z"));
    assertThat(back.hint()).hasSize(4).isEqualTo(key.hint());
    assertThat(store().list("acme", null, 1)).containsExactly(back);
    assertThat(store().findByName("acme", "temp")).contains(back);
  }

  @Test
  default void recordsLastUseAndNeverMovesItBack() {
    assumeTrue(store().features().contains(StoreFeature.LAST_USE), "the store records no last use");
    StoredApikey a = StoredKeys.key("acme", "a");
    StoredApikey b = StoredKeys.key("globex", "b");
    StoredApikey gone = StoredKeys.key("acme", "gone");
    store().insert(a);
    store().insert(b);
    store().insert(gone);
    store().delete("acme", "gone");
    Instant t1 = Instant.parse("2026-12-01T10:00:00.001Z");
    Instant t2 = Instant.parse("2026-12-01T10:05:00.002Z");
    Map<dev.apikeys.core.spi.KeyDigest, Instant> uses = new java.util.HashMap<>();
    uses.put(a.digest(), t2);
    uses.put(b.digest(), t1);
    uses.put(gone.digest(), t1);
    uses.put(StoredKeys.key("acme", "never-stored").digest(), t1);
    store().recordLastUse(uses);
    assertThat(store().findByDigest("acme", a.digest()).orElseThrow().lastUsedAt()).isEqualTo(t2);
    assertThat(store().findByName("globex", "b").orElseThrow().lastUsedAt()).isEqualTo(t1);
    assertThat(store().findByDigest("acme", gone.digest())).isEmpty();
    store().recordLastUse(Map.of(a.digest(), t1));
    assertThat(store().list("acme")).singleElement().satisfies(k -> assertThat(k.lastUsedAt()).isEqualTo(t2));
    assertThat(store().delete("acme", "a")).isTrue();
    assertThat(store().findByDigest("acme", a.digest())).isEmpty();
  }
}
