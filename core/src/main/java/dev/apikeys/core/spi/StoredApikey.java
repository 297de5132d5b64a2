package dev.apikeys.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as a store keeps it: everything but the plaintext key, which is never stored.
 *
 * @param tenant the tenant the key belongs to
 * @param name the key's name, unique within the tenant
 * @param role the key's role
 * @param digest the SHA-256 digest of the key, unique across all tenants
 * @param keyId {@link KeyDigest#fingerprint()}, kept so that authenticating needs no second hash; a
 *     caller authenticated by this key is recorded as {@code key:<keyId>}
 * @param createdBy who created the key
 * @param createdAt when it was created
 */
public record StoredApikey(
    String tenant, String name, String role, KeyDigest digest, String keyId, String createdBy, Instant createdAt) {
  /** Checks that all parts are present. */
  public StoredApikey {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
