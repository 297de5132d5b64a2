package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.apikeys.core.ApikeyInfo;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ForbiddenException;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.spi.StoredApikey;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who gets in and what they may do: one error for every failed authentication, tenants isolated
 * from each other, and a role that grants no more than itself. Part of {@link
 * ApikeyServiceContract}.
 */
public interface ServiceAccessContract extends ServiceFixture {
  @Test
  default void keysAuthenticateWhateverTheCaseOfTheirHexDigits() {
    assertThat(service().authenticate("acme", acmeAdmin().key().toString().toUpperCase(Locale.ROOT)).role()).isEqualTo("admin");
  }

  @Test
  default void everyAuthenticationFailureIsTheSameError() {
    CreatedApikey globex = service().createBootstrapKey("globex", new ApikeyRequest("root", "admin"));
    CreatedApikey revoked = service().create(acme(), new ApikeyRequest("old", "viewer"));
    assertThat(store().delete("acme", "old")).isTrue();
    String valid = acmeAdmin().key().toString();
    List<Throwable> failures = List.of(
        catchThrowable(() -> service().authenticate("acme", null)),
        catchThrowable(() -> service().authenticate(null, valid)),
        catchThrowable(() -> service().authenticate("acme", "")),
        catchThrowable(() -> service().authenticate("acme", "not-a-key")),
        catchThrowable(() -> service().authenticate("acme", "1-1-1-1-1")),
        catchThrowable(() -> service().authenticate("acme", valid.replace("-", ""))),
        catchThrowable(() -> service().authenticate("acme", " " + valid)),
        catchThrowable(() -> service().authenticate("acme", UUID.randomUUID().toString())),
        catchThrowable(() -> service().authenticate("acme", revoked.key().toString())),
        catchThrowable(() -> service().authenticate("initech", valid)),
        catchThrowable(() -> service().authenticate("acme", globex.key().toString())),
        catchThrowable(() -> service().authenticate("globex", valid)),
        catchThrowable(() -> service().authenticate("ACME", valid)));
    assertThat(failures).allSatisfy(f -> assertThat(f).isSameAs(UnauthenticatedException.instance()));
  }

  @Test
  default void tenantsNeverSeeEachOthersKeys() {
    CreatedApikey globexRoot = service().createBootstrapKey("globex", new ApikeyRequest("root", "admin"));
    Caller globex = login("globex", globexRoot);
    CreatedApikey shared = service().create(globex, new ApikeyRequest("ci", "operator"));
    CreatedApikey mine = service().create(acme(), new ApikeyRequest("ci", "operator"));
    assertThat(store().list("acme")).extracting(StoredApikey::tenant).containsOnly("acme");
    assertThat(store().list("globex")).extracting(StoredApikey::tenant).containsOnly("globex");
    assertThat(service().listAll(acme())).extracting(ApikeyInfo::name).containsExactly("ci", "root");
    assertThat(service().listAll(globex)).extracting(ApikeyInfo::name).containsExactly("ci", "root");
    assertThat(login("globex", shared).tenant()).isEqualTo("globex");
    assertThat(login("acme", mine).tenant()).isEqualTo("acme");
    assertThat(shared.key()).isNotEqualTo(mine.key());
  }

  @Test
  default void aCallerCannotGrantAboveItsOwnRole() {
    CreatedApikey operatorKey = service().create(acme(), new ApikeyRequest("ops", "operator"));
    Caller operator = login("acme", operatorKey);
    assertThatThrownBy(() -> service().create(operator, new ApikeyRequest("escalate", "admin"))).isInstanceOf(ForbiddenException.class);
    assertThat(service().create(operator, new ApikeyRequest("peer", "operator")).role()).isEqualTo("operator");
    assertThat(service().listAll(acme())).extracting(ApikeyInfo::name).doesNotContain("escalate");
  }

  @Test
  default void aViewerCannotCreateKeys() {
    Caller viewer = login("acme", service().create(acme(), new ApikeyRequest("dash", "viewer")));
    assertThatThrownBy(() -> service().create(viewer, new ApikeyRequest("more", "viewer"))).isInstanceOf(ForbiddenException.class);
  }

  @Test
  default void anUnknownRoleIsInvalidNotForbidden() {
    assertThatThrownBy(() -> service().create(acme(), new ApikeyRequest("x", "superadmin"))).isInstanceOf(InvalidRequestException.class);
  }
}
