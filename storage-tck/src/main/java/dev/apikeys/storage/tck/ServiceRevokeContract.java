package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyInfo;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.ForbiddenException;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Revoking keys through the service: at once, only with the right to grant the key's role, decided
 * on the key the store deletes, and never a tenant's last unexpired administrator. Part of {@link
 * ApikeyServiceContract}.
 */
public interface ServiceRevokeContract extends ServiceFixture {
  @Test
  default void aRevokedKeyStopsAuthenticatingAtOnce() {
    CreatedApikey ci = service().create(acme(), new ApikeyRequest("ci", "operator"));
    assertThat(login("acme", ci).role()).isEqualTo("operator");
    service().revoke(acme(), "ci");
    assertThatThrownBy(() -> login("acme", ci)).isSameAs(UnauthenticatedException.instance());
    assertThat(service().listAll(acme())).extracting(ApikeyInfo::name).containsExactly("root");
    ApikeyException again = catchThrowableOfType(ApikeyException.class, () -> service().revoke(acme(), "ci"));
    assertThat(again.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  default void revokingNeedsTheRightToGrantTheKeysRole() {
    Caller operator = login("acme", service().create(acme(), new ApikeyRequest("ops", "operator")));
    Caller viewer = login("acme", service().create(acme(), new ApikeyRequest("dash", "viewer")));
    assertThatThrownBy(() -> service().revoke(viewer, "dash")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service().revoke(operator, "root")).isInstanceOf(ForbiddenException.class);
    service().revoke(operator, "dash");
    assertThat(service().listAll(acme())).extracting(ApikeyInfo::name).containsExactly("ops", "root");
  }

  @Test
  default void aRevokeIsDecidedOnTheKeyItDeletesNotOnAnEarlierRead() {
    Caller operator = login("acme", service().create(acme(), new ApikeyRequest("ops", "operator")));
    service().create(acme(), new ApikeyRequest("dash", "viewer"));
    UUID adminKey = UUID.randomUUID();
    KeyDigest adminDigest = KeyDigest.ofKey(adminKey);
    StoredApikey asAdmin = new StoredApikey("acme", "dash", "admin", adminDigest, adminDigest.fingerprint(), "0000", "bootstrap",
        clock().instant(), null, null);
    // Whatever the service reads first, the key named dash is an admin key by the time it revokes.
    ReplacingStore replacing = new ReplacingStore(store(), asAdmin);
    ApikeyService onReplacing = ApikeyService.builder().store(replacing).clock(clock()).build();
    assertThatThrownBy(() -> onReplacing.revoke(operator, "dash")).isInstanceOf(ForbiddenException.class);
    assertThat(replacing.replaced).as("the key was replaced between the service's read and its revoke").isTrue();
    assertThat(service().authenticate("acme", adminKey.toString()).role()).isEqualTo("admin");
  }

  @Test
  default void theLastAdministratorCannotBeRevoked() {
    service().create(acme(), new ApikeyRequest("ops", "operator"));
    ApikeyException last = catchThrowableOfType(ApikeyException.class, () -> service().revoke(acme(), "root"));
    assertThat(last.errorCode()).isEqualTo(ErrorCode.LAST_ADMINISTRATOR);
    assertThat(last.status()).isEqualTo(409);
    assertThat(login("acme", acmeAdmin()).role()).isEqualTo("admin");

    CreatedApikey second = service().create(acme(), new ApikeyRequest("root-2", "admin"));
    service().revoke(login("acme", second), "root");
    assertThatThrownBy(() -> login("acme", acmeAdmin())).isSameAs(UnauthenticatedException.instance());
    // An admin remains, so the last operator may go.
    service().revoke(login("acme", second), "ops");
  }

  @Test
  default void anExpiredAdministratorDoesNotCount() {
    assumeTrue(store().features().contains(StoreFeature.EXPIRY), "the store keeps no expiry");
    service().create(acme(), new ApikeyRequest("temp-admin", "admin", clock().instant().plus(Duration.ofHours(1))));
    clock().advance(Duration.ofHours(2));
    ApikeyException last = catchThrowableOfType(ApikeyException.class, () -> service().revoke(acme(), "root"));
    assertThat(last.errorCode()).isEqualTo(ErrorCode.LAST_ADMINISTRATOR);
  }
}
