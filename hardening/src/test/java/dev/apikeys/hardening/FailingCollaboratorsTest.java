package dev.apikeys.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.RoleHierarchy;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.core.spi.RolePolicy;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A key generator, role policy or clock that fails, on each store, through the endpoint in every
 * format: 500 {@code internal} with the one fixed body, the failure reported to the host's error
 * listener (and logged), nothing stored; once the collaborator works again, the same request
 * succeeds.
 */
class FailingCollaboratorsTest {
  @RegisterExtension static final Database.Servers SERVERS = new Database.Servers();

  /** One way a collaborator fails; {@link Switches} turns it on. */
  enum Failure {
    GENERATOR_THROWS,
    GENERATOR_RETURNS_NULL,
    GENERATOR_REPEATS_A_KEY_IN_USE,
    ROLE_POLICY_FAILS_ON_ROLE_EXISTS,
    ROLE_POLICY_FAILS_ON_MAY_CREATE,
    ROLE_POLICY_FAILS_ON_MAY_GRANT,
    CLOCK_FAILS
  }

  /** The collaborators of the service, each able to fail as told. */
  static final class Switches implements KeyGenerator, RolePolicy {
    private final KeyGenerator keys = KeyRegistry.recording();
    private final RolePolicy roles = RoleHierarchy.viewerOperatorAdmin();
    volatile Failure failure;
    volatile UUID inUse;

    @Override
    public UUID newKey() {
      Failure f = failure;
      if (f == Failure.GENERATOR_THROWS) {
        throw new IllegalStateException("entropy source gone");
      }
      if (f == Failure.GENERATOR_RETURNS_NULL) {
        return null;
      }
      if (f == Failure.GENERATOR_REPEATS_A_KEY_IN_USE) {
        return inUse;
      }
      return keys.newKey();
    }

    @Override
    public boolean roleExists(String tenant, String role) {
      fail(Failure.ROLE_POLICY_FAILS_ON_ROLE_EXISTS);
      return roles.roleExists(tenant, role);
    }

    @Override
    public boolean mayCreateKeys(Caller caller) {
      fail(Failure.ROLE_POLICY_FAILS_ON_MAY_CREATE);
      return roles.mayCreateKeys(caller);
    }

    @Override
    public boolean mayGrant(Caller caller, String role) {
      fail(Failure.ROLE_POLICY_FAILS_ON_MAY_GRANT);
      return roles.mayGrant(caller, role);
    }

    Clock clock() {
      Switches self = this;
      return new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          self.fail(Failure.CLOCK_FAILS);
          return Instant.now();
        }
      };
    }

    private void fail(Failure f) {
      if (failure == f) {
        throw new IllegalStateException(f + ": policy backend unreachable");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Database.Kind.class)
  void aFailingGeneratorRolePolicyOrClockIsA500WithTheFixedBodyAndStoresNothing(Database.Kind kind) {
    try (Database db = SERVERS.open(kind)) {
      Switches switches = new Switches();
      ApikeyService service = ApikeyService.builder().auditSink(Hosts::audit).store(db.store()).keyGenerator(switches).rolePolicy(switches)
          .clock(switches.clock()).build();
      List<Throwable> reported = new ArrayList<>();
      ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(service).errorListener(t -> {
        reported.add(t);
        Hosts.log(t);
      }).build();
      CreatedApikey admin = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      switches.inUse = admin.key();
      List<StoredApikey> before = db.store().list("acme");
      int injected = 0;

      for (Failure failure : Failure.values()) {
        // Every format on the memory store; on a database, where only "nothing stored" differs, one format per failure.
        List<Codec> codecs = kind == Database.Kind.MEMORY ? Codec.all() : List.of(Codec.all().get(failure.ordinal() % 4));
        for (Codec codec : codecs) {
          String name = "ci-" + failure.ordinal() + "-" + codec.mediaType().subtype();
          switches.failure = failure;
          reported.clear();

          EndpointResponse response = endpoint.handle(Hosts.post(codec, "acme", admin.key().toString(), name, "viewer"));

          assertThat(response.status()).as("%s in %s", failure, codec.mediaType()).isEqualTo(500);
          assertThat(response.body()).as("the one 500 body").isEqualTo(codec.encodeError(
              new ApikeyException(ErrorCode.INTERNAL, "an unexpected error occurred")));
          assertThat(reported).as("reported to the error listener").hasSize(1);
          Secrets.assertNoKeyIn(failure + " as reported", Secrets.printed(reported.get(0)));
          Secrets.assertNoKeyIn(failure + " body", response.body());
          Secrets.assertNoKeyIn(failure + " body as text", response.toString());
          assertThat(db.store().list("acme")).as("nothing stored after %s", failure).isEqualTo(before);
          assertThat(db.rowCount()).isEqualTo(1);
          injected++;

          switches.failure = null;
          EndpointResponse recovered = endpoint.handle(Hosts.post(codec, "acme", admin.key().toString(), name, "viewer"));
          assertThat(recovered.status()).as("the same request once %s is over", failure).isEqualTo(200);
          Map<String, Object> created = codec.decode(recovered.body());
          assertThat(service.authenticate("acme", created.get("key").toString()).role()).isEqualTo("viewer");
          assertThat(db.store().delete("acme", name)).isTrue();
        }
      }
      db.assertEveryRowIsWhole();
      System.out.printf("failing collaborators on %s: %d failures injected (%d kinds), each a 500, nothing stored, then recovered%n",
          kind, injected, Failure.values().length);
    }
  }
}
