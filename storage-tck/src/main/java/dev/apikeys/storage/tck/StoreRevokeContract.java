package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Removing keys: a delete by name, and a revoke decided on the key that holds the name when it is
 * removed, which never removes a tenant's last administrator, even when revokes race. Part of
 * {@link ApikeyStoreContract}.
 */
public interface StoreRevokeContract extends StoreFixture {
  @Test
  default void deleteRemovesTheKeyAndItsDigest() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    store().insert(key);
    assertThat(store().delete("acme", "ci")).isTrue();
    assertThat(store().findByDigest("acme", key.digest())).isEmpty();
    assertThat(store().list("acme")).isEmpty();
    assertThat(store().delete("acme", "ci")).isFalse();
  }

  @Test
  default void deleteTouchesOnlyTheNamedKeyOfTheTenant() {
    StoredApikey acme = StoredKeys.key("acme", "ci");
    StoredApikey globex = StoredKeys.key("globex", "ci");
    StoredApikey other = StoredKeys.key("acme", "deploy");
    store().insert(acme);
    store().insert(globex);
    store().insert(other);
    assertThat(store().delete("initech", "ci")).isFalse();
    assertThat(store().delete("acme", "CI")).isFalse();
    assertThat(store().delete("acme", "ci")).isTrue();
    assertThat(store().findByDigest("globex", globex.digest())).contains(expectedBack(globex));
    assertThat(store().findByDigest("acme", other.digest())).contains(expectedBack(other));
  }

  @Test
  default void aDeletedNameCanBeUsedAgainWithANewKey() {
    StoredApikey old = StoredKeys.key("acme", "ci");
    store().insert(old);
    store().delete("acme", "ci");
    StoredApikey renewed = StoredKeys.key("acme", "ci");
    assertThat(store().insert(renewed)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store().findByDigest("acme", renewed.digest())).contains(expectedBack(renewed));
    assertThat(store().findByDigest("acme", old.digest())).isEmpty();
  }

  @Test
  default void revokesAKeyThatDoesNotAdminister() {
    StoredApikey admin = StoredKeys.key("acme", "root", "admin", UUID.randomUUID(), null);
    StoredApikey viewer = StoredKeys.key("acme", "dash", "viewer", UUID.randomUUID(), null);
    store().insert(admin);
    store().insert(viewer);
    assertThat(store().revokeUnlessLast("acme", "dash", StoreRevokeContract::isAdmin)).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(store().findByDigest("acme", viewer.digest())).isEmpty();
    assertThat(store().revokeUnlessLast("acme", "dash", StoreRevokeContract::isAdmin)).isEqualTo(RevokeOutcome.NOT_FOUND);
    assertThat(store().revokeUnlessLast("globex", "root", StoreRevokeContract::isAdmin)).isEqualTo(RevokeOutcome.NOT_FOUND);
  }

  @Test
  default void refusesToRevokeTheLastAdministrator() {
    StoredApikey first = StoredKeys.key("acme", "root", "admin", UUID.randomUUID(), null);
    StoredApikey second = StoredKeys.key("acme", "root-2", "admin", UUID.randomUUID(), null);
    store().insert(first);
    store().insert(StoredKeys.key("acme", "dash", "viewer", UUID.randomUUID(), null));
    store().insert(StoredKeys.key("globex", "root", "admin", UUID.randomUUID(), null));
    assertThat(store().revokeUnlessLast("acme", "root", StoreRevokeContract::isAdmin)).isEqualTo(RevokeOutcome.LAST_ADMINISTRATOR);
    assertThat(store().findByDigest("acme", first.digest())).isPresent();
    store().insert(second);
    assertThat(store().revokeUnlessLast("acme", "root", StoreRevokeContract::isAdmin)).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(store().revokeUnlessLast("acme", "root-2", StoreRevokeContract::isAdmin)).isEqualTo(RevokeOutcome.LAST_ADMINISTRATOR);
    assertThat(store().list("acme")).extracting(StoredApikey::name).containsExactly("dash", "root-2");
  }

  @Test
  default void aRevokeAsksTheDecisionAboutTheKeyAndItsTenantAndKeepsARefusedKey() {
    StoredApikey admin = StoredKeys.key("acme", "root", "admin", UUID.randomUUID(), null);
    StoredApikey viewer = StoredKeys.key("acme", "dash", "viewer", UUID.randomUUID(), null);
    store().insert(admin);
    store().insert(viewer);
    store().insert(StoredKeys.key("globex", "dash", "admin", UUID.randomUUID(), null));
    List<String> seen = new ArrayList<>();
    RevokeDecision forbid = (key, tenantKeys) -> {
      seen.add(key.name() + "/" + key.role() + " of " + tenantKeys.stream().map(StoredApikey::name).sorted().toList());
      return RevokeOutcome.FORBIDDEN;
    };
    assertThat(store().revoke("acme", "dash", forbid)).isEqualTo(RevokeOutcome.FORBIDDEN);
    assertThat(seen).containsExactly("dash/viewer of [dash, root]");
    assertThat(store().findByDigest("acme", viewer.digest())).isPresent();
    assertThat(store().revoke("acme", "nobody", forbid)).isEqualTo(RevokeOutcome.NOT_FOUND);
    assertThat(seen).hasSize(1);
    assertThat(store().revoke("acme", "dash", (key, tenantKeys) -> RevokeOutcome.REVOKED)).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(store().findByDigest("acme", viewer.digest())).isEmpty();
    assertThat(store().list("globex")).hasSize(1);
  }

  @Test
  default void aRevokeDecidesOnTheKeyThatHoldsTheNameNowNotOnAReplacedOne() {
    StoredApikey viewer = StoredKeys.key("acme", "dash", "viewer", UUID.randomUUID(), null);
    StoredApikey admin = StoredKeys.key("acme", "dash", "admin", UUID.randomUUID(), null);
    store().insert(viewer);
    StoredApikey read = store().findByName("acme", "dash").orElseThrow();
    // Replaced between a caller's read and its revoke: the decision sees the admin key.
    assertThat(store().delete("acme", "dash")).isTrue();
    assertThat(store().insert(admin)).isEqualTo(InsertOutcome.INSERTED);
    RevokeDecision viewersOnly = (key, tenantKeys) -> key.role().equals(read.role()) ? RevokeOutcome.REVOKED : RevokeOutcome.FORBIDDEN;
    assertThat(store().revoke("acme", "dash", viewersOnly)).isEqualTo(RevokeOutcome.FORBIDDEN);
    assertThat(store().findByDigest("acme", admin.digest())).isPresent();
  }

  @Test
  default void concurrentRevokesNeverRemoveEveryAdministrator() throws Exception {
    assumeTrue(store().features().contains(StoreFeature.ATOMIC_REVOKE), "the store does not revoke atomically");
    for (int round = 0; round < 5; round++) {
      String tenant = "race-" + round;
      int n = 4;
      for (int i = 0; i < n; i++) {
        store().insert(StoredKeys.key(tenant, "admin-" + i, "admin", UUID.randomUUID(), null));
      }
      List<RevokeOutcome> outcomes = ApikeyStoreContract.race(n, i -> store().revokeUnlessLast(tenant, "admin-" + i, StoreRevokeContract::isAdmin));
      assertThat(outcomes).filteredOn(o -> o == RevokeOutcome.REVOKED).hasSize(n - 1);
      assertThat(outcomes).filteredOn(o -> o == RevokeOutcome.LAST_ADMINISTRATOR).hasSize(1);
      assertThat(store().list(tenant)).hasSize(1);
    }
  }

  private static boolean isAdmin(StoredApikey key) {
    return key.role().equals("admin");
  }
}
