package dev.apikeys.core.spi;

import dev.apikeys.core.Caller;

/**
 * Decides which roles exist and who may do what with them. Implementations must be thread-safe and
 * fast: they are asked on every create.
 *
 * <p>The default is {@link dev.apikeys.core.RoleHierarchy}, an ordered list of roles the same in
 * every tenant. A host with per-tenant roles implements this itself; it must never let a caller
 * grant a role that carries more rights than its own.
 */
public interface RolePolicy {
  /**
   * Whether a role exists in a tenant; a request naming any other role is invalid.
   *
   * @param tenant the tenant
   * @param role the role named in a request
   * @return whether it exists
   */
  boolean roleExists(String tenant, String role);

  /**
   * Whether a caller may create keys at all.
   *
   * @param caller the authenticated caller
   * @return whether it may
   */
  boolean mayCreateKeys(Caller caller);

  /**
   * Whether a caller may give a new key this role; only asked for roles that exist.
   *
   * @param caller the authenticated caller
   * @param role the requested role
   * @return whether it may; never true for a role above the caller's own
   */
  boolean mayGrant(Caller caller, String role);
}
