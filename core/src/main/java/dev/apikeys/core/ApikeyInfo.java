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
 * @param previousKeyExpiresAt while the key this one replaced in a rotation still authenticates,
 *     when it stops; else {@code null}
 */
public record ApikeyInfo(
    String name,
    String role,
    String id,
    @Nullable String hint,
    String createdBy,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant previousKeyExpiresAt) {
  /** Checks that the required parts are present. */
  public ApikeyInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * A key without a previous key in its grace period.
   *
   * @param name the name
   * @param role the role
   * @param id the key as a caller
   * @param hint the hint, or {@code null}
   * @param createdBy who created it
   * @param createdAt when
   * @param expiresAt when it expires, or {@code null}
   * @param lastUsedAt when it was last used, or {@code null}
   */
  public ApikeyInfo(String name, String role, String id, @Nullable String hint, String createdBy, Instant createdAt,
      @Nullable Instant expiresAt, @Nullable Instant lastUsedAt) {
    this(name, role, id, hint, createdBy, createdAt, expiresAt, lastUsedAt, null);
  }

  /** What a listing shows of a stored key at {@code now}: never the key or its digest. */
  static ApikeyInfo of(StoredApikey k, Instant now) {
    StoredApikey previous = k.previousAt(now);
    return new ApikeyInfo(k.name(), k.role(), ApikeyService.KEY_CALLER_PREFIX + k.keyId(), k.hint(), k.createdBy(),
        k.createdAt(), k.expiresAt(), k.lastUsedAt(), previous == null ? null : previous.expiresAt());
  }
}
