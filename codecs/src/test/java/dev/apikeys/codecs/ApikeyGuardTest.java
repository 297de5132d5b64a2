package dev.apikeys.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.Caller;
import dev.apikeys.core.StorageUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The guard of a host's own routes: the caller, or the endpoint's own refusal, byte for byte. */
class ApikeyGuardTest {
  private final Tenants tenants = new Tenants();
  private final List<Throwable> reported = new ArrayList<>();
  private final ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(tenants.service).errorListener(reported::add).build();

  private static Headers headers(Requests request) {
    return request.build().headers();
  }

  @Test
  void admitsAKeyAndNamesItsCallerAndKey() {
    ApikeyGuard.Decision decision = endpoint.guard().check(headers(Requests.get(Format.JSON).as(tenants.operator)));

    assertThat(decision).isInstanceOf(ApikeyGuard.Authenticated.class);
    Caller caller = ((ApikeyGuard.Authenticated) decision).caller();
    assertThat(caller.tenant()).isEqualTo(Tenants.ACME);
    assertThat(caller.role()).isEqualTo("operator");
    assertThat(caller.keyName()).contains("ops");
    assertThat(caller.id()).isEqualTo(tenants.service.authenticate(Tenants.ACME, tenants.operator.key().toString()).id());
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesEveryAuthenticationFailureWithTheEndpointsOwn401(Format format) {
    tenants.store.delete(Tenants.ACME, "dashboard"); // revokes the viewer's key
    List<Requests> failures = List.of(
        Requests.get(format),
        Requests.get(format).as(tenants.admin).without(ApikeyEndpoint.TENANT_HEADER),
        Requests.get(format).header(ApikeyEndpoint.API_KEY_HEADER, UUID.randomUUID().toString()),
        Requests.get(format).header(ApikeyEndpoint.API_KEY_HEADER, "not-a-key"),
        Requests.get(format).as(tenants.viewer),
        Requests.get(format).as(tenants.admin).header(ApikeyEndpoint.TENANT_HEADER, "initech"),
        Requests.get(format).as(tenants.globexAdmin));

    for (Requests request : failures) {
      EndpointResponse byEndpoint = endpoint.handle(request.build());
      ApikeyGuard.Decision decision = endpoint.guard().check(headers(request));

      assertThat(byEndpoint.status()).isEqualTo(401);
      assertThat(decision).isEqualTo(new ApikeyGuard.Refused(byEndpoint));
      EndpointResponse refusal = ((ApikeyGuard.Refused) decision).response();
      assertThat(refusal.headers()).containsEntry("WWW-Authenticate", EndpointResponse.CHALLENGE)
          .containsEntry("Cache-Control", "no-store").containsEntry("Content-Type", format.codec.contentType());
      assertThat(format.read(refusal.body())).containsEntry("error", "unauthenticated");
    }
  }

  @Test
  void answersInTheDefaultFormatWhenAcceptNamesNoneOfTheFourInsteadOf406() {
    Headers html = headers(Requests.get(Format.JSON).header("Accept", "text/html"));

    EndpointResponse standard = ((ApikeyGuard.Refused) ApikeyGuard.of(tenants.service).check(html)).response();
    assertThat(standard.status()).isEqualTo(401);
    assertThat(standard.contentType()).isEqualTo(Codec.json().contentType());

    ApikeyEndpoint ednByDefault = ApikeyEndpoint.builder().service(tenants.service).defaultMediaType(MediaType.APPLICATION_EDN).build();
    EndpointResponse edn = ((ApikeyGuard.Refused) ednByDefault.guard().check(html)).response();
    assertThat(edn.status()).isEqualTo(401);
    assertThat(Format.EDN.read(edn.body())).containsEntry("error", "unauthenticated");
    assertThat(ednByDefault.guard().check(headers(Requests.get(Format.JSON).header("Accept", "text/html").as(tenants.viewer))))
        .isInstanceOf(ApikeyGuard.Authenticated.class);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answers503WhenTheStoreFailsAndTellsTheErrorListener(Format format) {
    tenants.store.failLookups = true;

    ApikeyGuard.Decision decision = endpoint.guard().check(headers(Requests.get(format).as(tenants.admin)));

    EndpointResponse refusal = ((ApikeyGuard.Refused) decision).response();
    assertThat(refusal.status()).isEqualTo(503);
    assertThat(refusal.headers()).doesNotContainKey("WWW-Authenticate").containsEntry("Cache-Control", "no-store");
    assertThat(format.read(refusal.body())).containsEntry("error", "storage-unavailable");
    assertThat(format.show(refusal.body())).doesNotContain("db.internal");
    assertThat(refusal).isEqualTo(endpoint.handle(Requests.get(format).as(tenants.admin).build()));
    assertThat(reported).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(StorageUnavailableException.class));
  }

  @Test
  void answers500WithoutDetailForAnythingUnexpected() {
    ApikeyGuard guard = ApikeyGuard.of(tenants.service);

    ApikeyGuard.Decision decision = guard.check(name -> {
      throw new IllegalStateException("secret detail");
    });

    EndpointResponse refusal = ((ApikeyGuard.Refused) decision).response();
    assertThat(refusal.status()).isEqualTo(500);
    assertThat(Format.JSON.read(refusal.body())).isEqualTo(Map.of("error", "internal", "message", "an unexpected error occurred"));
  }
}
