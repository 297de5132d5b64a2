package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleHierarchyTest {
  private final RoleHierarchy roles = RoleHierarchy.of("viewer", "operator", "admin").minimumToCreate("operator");

  private static Caller as(String role) {
    return Caller.of("acme", "someone", role);
  }

  @Test
  void onlyRolesAtOrAboveTheMinimumCreateKeys() {
    assertThat(roles.mayCreateKeys(as("viewer"))).isFalse();
    assertThat(roles.mayCreateKeys(as("operator"))).isTrue();
    assertThat(roles.mayCreateKeys(as("admin"))).isTrue();
  }

  @Test
  void aCallerGrantsUpToItsOwnRoleNeverAbove() {
    assertThat(roles.mayGrant(as("operator"), "viewer")).isTrue();
    assertThat(roles.mayGrant(as("operator"), "operator")).isTrue();
    assertThat(roles.mayGrant(as("operator"), "admin")).isFalse();
    assertThat(roles.mayGrant(as("admin"), "admin")).isTrue();
  }

  @Test
  void aCallerWithAnUnknownRoleMayDoNothing() {
    assertThat(roles.mayCreateKeys(as("root"))).isFalse();
    assertThat(roles.mayGrant(as("root"), "viewer")).isFalse();
    assertThat(roles.mayGrant(as("admin"), "root")).isFalse();
  }

  @Test
  void rolesExistByExactName() {
    assertThat(roles.roleExists("acme", "admin")).isTrue();
    assertThat(roles.roleExists("other", "admin")).isTrue();
    assertThat(roles.roleExists("acme", "Admin")).isFalse();
    assertThat(roles.roleExists("acme", "admin ")).isFalse();
  }

  @Test
  void withoutAMinimumOnlyTheHighestRoleCreatesKeys() {
    RoleHierarchy strict = RoleHierarchy.of("viewer", "admin");
    assertThat(strict.minimumToCreate()).isEqualTo("admin");
    assertThat(strict.mayCreateKeys(as("viewer"))).isFalse();
    assertThat(strict.highest()).isEqualTo("admin");
  }

  @Test
  void refusesInconsistentHierarchies() {
    assertThatThrownBy(RoleHierarchy::of).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RoleHierarchy.of("a", "b", "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RoleHierarchy.of("a", " ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RoleHierarchy.of("a", "b ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> roles.minimumToCreate("root")).isInstanceOf(IllegalArgumentException.class);
  }
}
