package dev.apikeys.core;

import dev.apikeys.core.spi.StoredApikey;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a listing shows of a key: never the key, never its digest.
 *
 * @param name the key's name
 * @param role the key's role
 * @param id the key as a caller: {@code key:} and its fingerprint, as other keys' {@code created-by}
 *     names it
 * @param hint the last four characters of the key, or {@code null} where the store does not keep it
 * @param createdBy who created it
 * @param createdAt when
 * @param expiresAt when it stops authenticating, or {@code null} for never
 * @param lastUsedAt when it last authenticated (recorded at most once per interval), or {@code null}
 */
public record ApikeyInfo(
    String name,
    String role,
    String id,
    @Nullable String hint,
    String createdBy,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant lastUsedAt) {
  /** Checks that the required parts are present. */
  public ApikeyInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** What a listing shows of a stored key: never the key or its digest. */
  static ApikeyInfo of(StoredApikey k) {
    return new ApikeyInfo(k.name(), k.role(), ApikeyService.KEY_CALLER_PREFIX + k.keyId(), k.hint(), k.createdBy(),
        k.createdAt(), k.expiresAt(), k.lastUsedAt());
  }
}
