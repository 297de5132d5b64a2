package dev.apikeys.core;

import dev.apikeys.core.spi.RolePolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The default role policy: roles in ascending order of rights, the same in every tenant, e.g.
 * {@code viewer < operator < admin}.
 *
 * <p>A caller may create keys when its role is at least the minimum, and may grant any role up to
 * and including its own, never above.
 *
 * <pre>{@code
 * RoleHierarchy roles = RoleHierarchy.of("viewer", "operator", "admin").minimumToCreate("operator");
 * }</pre>
 */
public final class RoleHierarchy implements RolePolicy {
  private final List<String> roles;
  private final Map<String, Integer> rank;
  private final int minimumRank;

  private RoleHierarchy(List<String> roles, int minimumRank) {
    this.roles = roles;
    this.minimumRank = minimumRank;
    Map<String, Integer> r = new HashMap<>();
    for (int i = 0; i < roles.size(); i++) {
      r.put(roles.get(i), i);
    }
    this.rank = Map.copyOf(r);
  }

  /**
   * A hierarchy of the given roles, lowest first, in which only the highest role may create keys
   * until {@link #minimumToCreate(String)} says otherwise.
   *
   * @param roles distinct, non-blank role names, lowest first
   * @return the hierarchy
   * @throws IllegalArgumentException if there are none, or one is blank or repeated
   */
  public static RoleHierarchy of(String... roles) {
    List<String> list = List.of(roles);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("a role hierarchy needs at least one role");
    }
    if (list.stream().distinct().count() != list.size()) {
      throw new IllegalArgumentException("roles must be distinct: " + list);
    }
    for (String role : list) {
      if (role.isBlank() || !role.strip().equals(role)) {
        throw new IllegalArgumentException("a role name must be non-blank with no surrounding white space: '" + role + "'");
      }
    }
    return new RoleHierarchy(list, list.size() - 1);
  }

  /** The hierarchy of the example server and the service's default: {@code viewer < operator < admin}, operators and admins create keys. */
  public static RoleHierarchy viewerOperatorAdmin() {
    return of("viewer", "operator", "admin").minimumToCreate("operator");
  }

  /**
   * A copy in which callers with at least this role may create keys.
   *
   * @param role a role of this hierarchy
   * @return the new hierarchy
   * @throws IllegalArgumentException if the role is not in the hierarchy
   */
  public RoleHierarchy minimumToCreate(String role) {
    Integer r = rank.get(Objects.requireNonNull(role, "role"));
    if (r == null) {
      throw new IllegalArgumentException("'" + role + "' is not one of " + roles);
    }
    return new RoleHierarchy(roles, r);
  }

  /** The roles, lowest first. */
  public List<String> roles() {
    return roles;
  }

  /** The lowest role that may create keys. */
  public String minimumToCreate() {
    return roles.get(minimumRank);
  }

  /** The highest role: the natural role of a tenant's first, bootstrap key. */
  public String highest() {
    return roles.get(roles.size() - 1);
  }

  @Override
  public boolean roleExists(String tenant, String role) {
    return rank.containsKey(role);
  }

  @Override
  public boolean mayCreateKeys(Caller caller) {
    Integer r = rank.get(caller.role());
    return r != null && r >= minimumRank;
  }

  @Override
  public boolean mayGrant(Caller caller, String role) {
    Integer own = rank.get(caller.role());
    Integer wanted = rank.get(role);
    return own != null && wanted != null && wanted <= own;
  }

  @Override
  public String toString() {
    return "RoleHierarchy" + roles + ", minimum to create: " + minimumToCreate();
  }
}
