package dev.apikeys.core;

import java.util.Objects;

/**
 * An authenticated caller: who is asking, in which tenant, with which role.
 *
 * <p>{@link ApikeyService#authenticate(String, String)} makes one from the two headers. A host that
 * authenticates people by other means (a session, SSO) makes one itself with {@link #of(String,
 * String, String)}, naming its own principal as the id.
 *
 * @param tenant the tenant (project) the caller acts in
 * @param id a stable identifier of the caller, recorded as {@code created-by}: the host's principal
 *     for a person, {@code key:} and a fingerprint for a key (never the key itself)
 * @param role the caller's role in the tenant
 */
public record Caller(String tenant, String id, String role) {
  /** Checks that all parts are present. */
  public Caller {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
  }

  /**
   * A caller the host has authenticated itself.
   *
   * @param tenant the tenant
   * @param principal the host's stable identifier of the person or system
   * @param role its role in the tenant
   * @return the caller
   */
  public static Caller of(String tenant, String principal, String role) {
    return new Caller(tenant, principal, role);
  }
}
