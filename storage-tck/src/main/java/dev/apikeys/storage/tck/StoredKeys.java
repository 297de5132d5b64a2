package dev.apikeys.storage.tck;

import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Makes {@link StoredApikey} records for store tests. */
public final class StoredKeys {
  /** The creation time of every record made here: a whole millisecond, as every store keeps it. */
  public static final Instant CREATED_AT = Instant.parse("2026-11-27T10:15:30.123Z");

  private StoredKeys() {}

  /**
   * A record with a fresh random key, role {@code operator}, created by {@code key:test}.
   *
   * @param tenant the tenant
   * @param name the name
   * @return the record
   */
  public static StoredApikey key(String tenant, String name) {
    return key(tenant, name, UUID.randomUUID());
  }

  /**
   * A record for the given key, role {@code operator}, created by {@code key:test}, with only the
   * fields every store keeps (no hint, expiry or last use).
   *
   * @param tenant the tenant
   * @param name the name
   * @param key the plaintext key
   * @return the record
   */
  public static StoredApikey key(String tenant, String name, UUID key) {
    KeyDigest digest = KeyDigest.ofKey(key);
    return new StoredApikey(tenant, name, "operator", digest, digest.fingerprint(), "key:test", CREATED_AT);
  }

  /**
   * A record with every field, as the current SPI knows it; the hint is the key's last four characters.
   *
   * @param tenant the tenant
   * @param name the name
   * @param role the role
   * @param key the plaintext key
   * @param expiresAt the expiry, or {@code null}
   * @return the record
   */
  public static StoredApikey key(String tenant, String name, String role, UUID key, @Nullable Instant expiresAt) {
    KeyDigest digest = KeyDigest.ofKey(key);
    String text = key.toString();
    return new StoredApikey(tenant, name, role, digest, digest.fingerprint(), text.substring(32), "key:test", CREATED_AT,
        expiresAt, null);
  }
}
