package dev.apikeys.hardening;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.EndpointRequest;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.codecs.MalformedBodyException;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.AuditEvent;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.testsupport.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Everything the library hands a host that is not the one 200 body, with real keys all around: the
 * {@code toString()} of every value, request, response, service, endpoint and store; every
 * exception thrown or reported, printed whole with its causes (as a log prints it), including a
 * malformed body that holds a key where the parser chokes; every error body; every audit event.
 * None may hold a key in any spelling the scanner knows.
 */
class SecretsInValuesTest {
  @RegisterExtension static final Database.Servers SERVERS = new Database.Servers();

  @ParameterizedTest
  @EnumSource(value = Database.Kind.class, names = {"MEMORY", "H2", "POSTGRESQL"})
  void noKeyInAnyValueMessageOrBodyTheLibraryHandsTheHost(Database.Kind kind) {
    try (Database db = SERVERS.open(kind)) {
      List<AuditEvent> audit = new ArrayList<>();
      List<Throwable> reported = new ArrayList<>();
      ApikeyService service = ApikeyService.builder().store(db.store()).keyGenerator(KeyRegistry.recording()).auditSink(audit::add)
          .build();
      ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(service).errorListener(reported::add).build();
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      String key = root.key().toString();
      Caller caller = service.authenticate("acme", key);
      CreatedApikey ci = service.create(caller, new ApikeyRequest("ci", "operator"));
      List<Object> values = new ArrayList<>(List.of(service, endpoint, db.store(), root, ci, caller, KeyDigest.ofKey(root.key()),
          service.listAll(caller), service.list(caller, null, 1)));
      values.addAll(db.store().list("acme"));
      List<Throwable> thrown = new ArrayList<>();
      List<byte[]> bodies = new ArrayList<>();

      for (Codec codec : Codec.all()) {
        EndpointRequest created = Hosts.post(codec, "acme", key, "new-" + codec.mediaType().subtype(), "viewer");
        EndpointResponse ok = endpoint.handle(created);
        assertThat(ok.status()).isEqualTo(200);
        values.add(created);
        values.add(ok); // its toString, not its body: the body is the one place a key belongs
        // Refusals with keys in every field a client could put one.
        for (EndpointRequest refused : List.of(
            Hosts.post(codec, key, key, "x", "viewer"), // the key as the tenant
            Hosts.post(codec, "acme", key, key, "no-such-role"), // the key as the name
            Hosts.post(codec, "acme", key, "ci", "viewer"), // a taken name
            Hosts.post(codec, "acme", ci.key().toString(), "boss", "admin"), // above the caller's role
            Hosts.post(codec, "acme", key.toUpperCase(Locale.ROOT) + " ", "x", "viewer"), // a key almost right
            EndpointRequest.of("POST", ApikeyEndpoint.PATH, Hosts.post(codec, "acme", key, "x", "viewer").headers(),
                malformedHolding(codec, key)))) {
          EndpointResponse response = endpoint.handle(refused);
          assertThat(response.status()).isBetween(400, 499);
          values.add(refused);
          values.add(response);
          bodies.add(response.body());
        }
        // The codec alone, as a host that decodes itself would meet it.
        try {
          codec.decode(malformedHolding(codec, key));
        } catch (MalformedBodyException e) {
          thrown.add(e);
        }
      }
      for (Runnable r : List.<Runnable>of(
          () -> service.authenticate(key, key),
          () -> service.create(caller, new ApikeyRequest("ci", key)),
          () -> service.createBootstrapKey("acme", new ApikeyRequest("root", "admin")),
          () -> service.revoke(caller, key))) {
        try {
          r.run();
        } catch (RuntimeException e) {
          thrown.add(e);
        }
      }

      List<String> texts = new ArrayList<>();
      values.forEach(v -> texts.add(String.valueOf(v)));
      thrown.forEach(t -> texts.add(Secrets.printed(t)));
      reported.forEach(t -> texts.add(Secrets.printed(t)));
      audit.forEach(e -> {
        texts.add(e.toString());
        texts.add(e.toLogLine());
      });
      for (String text : texts) {
        Secrets.assertNoKeyIn(kind + " text: " + Printable.of(text), text);
      }
      for (byte[] body : bodies) {
        Secrets.assertNoKeyIn(kind + " error body", body);
      }
      assertThat(thrown).hasSizeGreaterThanOrEqualTo(4 + 4);
      assertThat(texts.size()).isGreaterThan(60);
      System.out.printf("secrets in values on %s: %d texts (toString of values, printed exceptions, audit events) and %d error bodies,"
          + " no key%n", kind, texts.size(), bodies.size());
    }
  }

  /** A body that does not decode, with the key where the parser gives up and quotes it in its message. */
  private static byte[] malformedHolding(Codec codec, String key) {
    return switch (codec.mediaType().subtype()) {
      // where the parsers quote what they choke on: Jackson an unknown token, edn-java a name
      case "json" -> ("{\"name\": true" + key.replace("-", "") + ", \"role\": \"viewer\"}").getBytes(UTF_8);
      case "edn" -> ("{:name #0" + key + " \"x\"}").getBytes(UTF_8);
      case "transit+json" -> ("[\"^ \",\"~:name\",true" + key.replace("-", "") + "]").getBytes(UTF_8);
      default -> { // msgpack: the key as a string (str8) where a map key belongs, then a byte that is never valid
        byte[] k = ("~#" + key).getBytes(UTF_8);
        byte[] b = new byte[4 + k.length];
        b[0] = (byte) 0x81;
        b[1] = (byte) 0xd9;
        b[2] = (byte) k.length;
        System.arraycopy(k, 0, b, 3, k.length);
        b[b.length - 1] = (byte) 0xc1;
        yield b;
      }
    };
  }
}
