package dev.apikeys.core.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An API key as a store keeps it: everything but the plaintext key, which is never stored.
 *
 * @param tenant the tenant the key belongs to
 * @param name the key's name, unique within the tenant
 * @param role the key's role
 * @param digest the SHA-256 digest of the key, unique across all tenants
 * @param keyId {@link KeyDigest#fingerprint()}, kept so that authenticating needs no second hash; a
 *     caller authenticated by this key is recorded as {@code key:<keyId>}
 * @param hint the last four characters of the key, shown in listings so people can tell keys
 *     apart; {@code null} where a store does not keep it
 * @param createdBy who created the key
 * @param createdAt when it was created
 * @param expiresAt when it stops authenticating, or {@code null} for never
 * @param lastUsedAt when it last authenticated, as recorded (coalesced, so up to the recording
 *     interval late), or {@code null} if never or not recorded
 */
public record StoredApikey(
    String tenant,
    String name,
    String role,
    KeyDigest digest,
    String keyId,
    @Nullable String hint,
    String createdBy,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant lastUsedAt) {

  /** Checks that the required parts are present. */
  public StoredApikey {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * A key with only the fields every store keeps: no hint, no expiry, never used, as a store
   * without {@link StoreFeature#HINT}, {@link StoreFeature#EXPIRY} and {@link
   * StoreFeature#LAST_USE} gives it back.
   *
   * @param tenant the tenant
   * @param name the name
   * @param role the role
   * @param digest the digest
   * @param keyId the fingerprint
   * @param createdBy who created it
   * @param createdAt when
   */
  public StoredApikey(
      String tenant, String name, String role, KeyDigest digest, String keyId, String createdBy, Instant createdAt) {
    this(tenant, name, role, digest, keyId, null, createdBy, createdAt, null, null);
  }

  /**
   * Whether the key has expired at the given instant.
   *
   * @param now the instant
   * @return true if it has an expiry at or before {@code now}
   */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /**
   * This key with another last use.
   *
   * @param when the new last use, or {@code null} for none
   * @return the copy
   */
  public StoredApikey withLastUsedAt(@Nullable Instant when) {
    return new StoredApikey(tenant, name, role, digest, keyId, hint, createdBy, createdAt, expiresAt, when);
  }
}
