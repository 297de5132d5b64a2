package dev.apikeys.core;

import java.util.Objects;
import java.util.Optional;

/**
 * An authenticated caller: who is asking, in which tenant, with which role, and by which key.
 *
 * <p>{@link ApikeyService#authenticate(String, String)} makes one from the two headers, with the
 * name of the key it presented, so that a host can log who called without asking the store. A host
 * that authenticates people by other means (a session, SSO) makes one itself with {@link
 * #of(String, String, String)}, naming its own principal as the id; such a caller has no key name.
 *
 * @param tenant the tenant (project) the caller acts in
 * @param id a stable identifier of the caller, recorded as {@code created-by}: the host's principal
 *     for a person, {@code key:} and a fingerprint for a key (never the key itself)
 * @param role the caller's role in the tenant
 * @param keyName the name of the key the caller presented, unique in the tenant; empty for a caller
 *     the host authenticated itself. A name, never the key.
 */
public record Caller(String tenant, String id, String role, Optional<String> keyName) {
  /** Checks that all parts are present. */
  public Caller {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(keyName, "keyName");
  }

  /**
   * A caller without a key name, as {@link #of(String, String, String)} makes one.
   *
   * @param tenant the tenant
   * @param id the stable identifier recorded as {@code created-by}
   * @param role its role in the tenant
   */
  public Caller(String tenant, String id, String role) {
    this(tenant, id, role, Optional.empty());
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
