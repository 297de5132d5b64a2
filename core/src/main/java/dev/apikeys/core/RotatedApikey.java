package dev.apikeys.core;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The answer to a rotation: the new key, shown this once, and until when the replaced key works.
 * {@link #toString()} never shows the key.
 *
 * @param role the key's role, unchanged
 * @param name the key's name, unchanged
 * @param key the new plaintext key, a random version-4 UUID
 * @param createdBy who rotated it: the caller's {@link Caller#id()}
 * @param previousKeyExpiresAt when the replaced key stops authenticating: the end of the grace
 *     period, or its own expiry if that came first (in the past for a key that had expired)
 */
public record RotatedApikey(String role, String name, UUID key, String createdBy, Instant previousKeyExpiresAt) {
  /** Checks that all parts are present. */
  public RotatedApikey {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(previousKeyExpiresAt, "previousKeyExpiresAt");
  }

  /** Shows everything but the key. */
  @Override
  public String toString() {
    return "RotatedApikey[role=" + role + ", name=" + name + ", key=<redacted>, createdBy=" + createdBy
        + ", previousKeyExpiresAt=" + previousKeyExpiresAt + "]";
  }
}
