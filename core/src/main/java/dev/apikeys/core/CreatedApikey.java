package dev.apikeys.core;

import java.util.Objects;
import java.util.UUID;

/**
 * A newly created API key: the spec's {@code ApikeysResponse}, fields in the spec's order.
 *
 * <p>This is the only place the plaintext key ever exists: it is stored as a digest and cannot be
 * recovered later. {@link #toString()} never shows it.
 *
 * @param role the key's role
 * @param name the key's name
 * @param key the plaintext key, a random version-4 UUID
 * @param createdBy who created it: the caller's {@link Caller#id()}
 */
public record CreatedApikey(String role, String name, UUID key, String createdBy) {
  /** Checks that all parts are present. */
  public CreatedApikey {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(createdBy, "createdBy");
  }

  /** Shows everything but the key. */
  @Override
  public String toString() {
    return "CreatedApikey[role=" + role + ", name=" + name + ", key=<redacted>, createdBy=" + createdBy + "]";
  }
}
