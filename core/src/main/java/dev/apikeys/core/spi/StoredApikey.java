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
 * @param previous the key this one replaced in a rotation, which authenticates until its own
 *     {@link #expiresAt()}, the end of its grace period; {@code null} if there is none. It has the
 *     same tenant, name and role, and no previous key of its own: a name has at most two keys.
 *     Stores with {@link StoreFeature#ROTATION} keep it and {@link ApikeyStore#findByDigest find}
 *     it by its digest; after its expiry it stays dead, and a store may drop it.
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
    @Nullable Instant lastUsedAt,
    @Nullable StoredApikey previous) {

  /** Checks that the required parts are present, and that a previous key belongs to this name. */
  public StoredApikey {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    if (previous != null) {
      if (!previous.tenant.equals(tenant) || !previous.name.equals(name) || !previous.role.equals(role)) {
        throw new IllegalArgumentException("a previous key has the tenant, name and role of the key that replaced it");
      }
      if (previous.previous != null || previous.expiresAt == null) {
        throw new IllegalArgumentException("a previous key has an expiry and no previous key of its own");
      }
      if (previous.digest.equals(digest)) {
        throw new IllegalArgumentException("a previous key has a digest of its own");
      }
    }
  }

  /**
   * A key without a previous one.
   *
   * @param tenant the tenant
   * @param name the name
   * @param role the role
   * @param digest the digest
   * @param keyId the fingerprint
   * @param hint the last four characters, or {@code null}
   * @param createdBy who created it
   * @param createdAt when
   * @param expiresAt when it expires, or {@code null}
   * @param lastUsedAt when it was last used, or {@code null}
   */
  public StoredApikey(String tenant, String name, String role, KeyDigest digest, String keyId, @Nullable String hint,
      String createdBy, Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant lastUsedAt) {
    this(tenant, name, role, digest, keyId, hint, createdBy, createdAt, expiresAt, lastUsedAt, null);
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
    this(tenant, name, role, digest, keyId, null, createdBy, createdAt, null, null, null);
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
    return new StoredApikey(tenant, name, role, digest, keyId, hint, createdBy, createdAt, expiresAt, when, previous);
  }

  /**
   * This key as the previous key of the one that replaces it: authenticating until {@code end}, or
   * until its own expiry if that comes first (an expired key stays dead), without a previous key of
   * its own, and without a last use (stores do not keep a previous key's).
   *
   * @param end the end of its grace period
   * @return the copy
   */
  public StoredApikey asPreviousUntil(Instant end) {
    Instant until = expiresAt != null && expiresAt.isBefore(end) ? expiresAt : end;
    return new StoredApikey(tenant, name, role, digest, keyId, hint, createdBy, createdAt, until, null, null);
  }

  /**
   * The previous key while it still authenticates at {@code now}.
   *
   * @param now the instant
   * @return the previous key, or {@code null} if there is none or its grace period is over
   */
  public @Nullable StoredApikey previousAt(Instant now) {
    return previous == null || previous.isExpiredAt(now) ? null : previous;
  }
}
