package dev.apikeys.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.testsupport.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Odd bytes reach the database: tenant headers with NUL, control characters, unpaired surrogates,
 * 4-byte characters, SQL LIKE wildcards and quotes, absurd lengths; names that are valid but full
 * of metacharacters; names that are not valid. On every store, through the service and the
 * endpoint: a tenant that does not match exactly is the one 401, never a 503 (a database that
 * chokes on a byte must not turn into an oracle or an outage); a valid name comes back from the
 * database exactly as sent; an invalid one is refused before the database sees it.
 */
class HostileInputOnEveryStoreTest {
  @RegisterExtension static final Database.Servers SERVERS = new Database.Servers();

  static List<String> hostileTenants() {
    List<String> t = new ArrayList<>(List.of("", " ", "ACME", "acme ", " acme", "acme\u0000", "\u0000", "ac\u0000me", "acme\n",
        "acme\r\nx: y", "acme\u007f", "acme\u0085", "acme\u200b", "\u202eemca", "acme\ufeff", "acme\ud800", "\udc00",
        "acme\ud83d", "acme\ud83d\ude80", "\ud83d\ude80".repeat(128), "\ud83d\ude80".repeat(129), "acm%", "%", "_cme", "acm_",
        "acme' OR '1'='1", "acme'; DROP TABLE apikeys; --", "acme\\", "acme\\0", "acme\\'", "a".repeat(256), "a".repeat(257),
        "\u00e9".repeat(256), "{:tenant \"acme\"}", "#uuid \"x\"", "~:acme", "^ ", "acme?", "acme\ufffd"));
    for (char c = 1; c < 0x20; c++) {
      t.add("acme" + c);
    }
    return t;
  }

  @ParameterizedTest
  @EnumSource(Database.Kind.class)
  void aTenantThatIsNotExactlyTheKeysIsTheOne401NeverA503(Database.Kind kind) {
    try (Database db = SERVERS.open(kind)) {
      ApikeyService service = ApikeyService.builder().auditSink(Hosts::audit).store(db.store()).keyGenerator(KeyRegistry.recording()).build();
      ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(service).errorListener(Hosts::log).build();
      CreatedApikey admin = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      // A tenant that a lossy encoding of a hostile header would hit: U+FFFD and '?' are what drivers substitute.
      CreatedApikey question = service.createBootstrapKey("acme?", new ApikeyRequest("root", "admin"));
      CreatedApikey replacement = service.createBootstrapKey("acme\ufffd", new ApikeyRequest("root", "admin"));
      Map<Codec, byte[]> the401 = new java.util.HashMap<>();
      for (Codec codec : Codec.all()) {
        the401.put(codec, endpoint.handle(Hosts.post(codec, null, null, "ci", "viewer")).body());
      }

      for (String tenant : hostileTenants()) {
        for (CreatedApikey key : List.of(admin, question, replacement)) {
          boolean own = (key == question && tenant.equals("acme?")) || (key == replacement && tenant.equals("acme\ufffd"));
          if (own) {
            continue;
          }
          assertThatThrownBy(() -> service.authenticate(tenant, key.key().toString()))
              .as("tenant %s on %s", Printable.of(tenant), kind).isSameAs(UnauthenticatedException.instance());
        }
        for (Codec codec : Codec.all()) {
          EndpointResponse response = endpoint.handle(Hosts.post(codec, tenant, admin.key().toString(), "ci", "viewer"));
          assertThat(response.status()).as("tenant %s on %s", Printable.of(tenant), kind).isEqualTo(401);
          assertThat(response.body()).isEqualTo(the401.get(codec));
        }
      }
      assertThat(db.rowCount()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Database.Kind.class)
  void validNamesFullOfMetacharactersComeBackExactlyAndInvalidOnesNeverReachTheDatabase(Database.Kind kind) {
    try (Database db = SERVERS.open(kind)) {
      ApikeyService service = ApikeyService.builder().auditSink(Hosts::audit).store(db.store()).keyGenerator(KeyRegistry.recording()).build();
      ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(service).errorListener(Hosts::log).build();
      CreatedApikey admin = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      List<String> valid = List.of("o'brien", "a%", "a_", "%", "_", "\\", "\\\\", "a\\0", "\"q\"", "`b`", "; DROP TABLE apikeys; --",
          "{:a 1}", "#{}", "#_ x", ":kw", "~:kw", "~#'", "^ x", "^0", "`x", "[\"^ \"]", "null", "nil", "caf\u00e9", "cafe\u0301",
          "\ud83d\ude80".repeat(128), "\u00e9".repeat(128), "x".repeat(128), "a b", "\u00a0a", "\u4e2d\u6587");
      List<String> valid2 = valid.stream().filter(n -> !n.startsWith("\u00a0")).toList(); // NBSP at an end is surrounding white space
      List<String> invalid = List.of("a\u0000", "\u0000", "a\nb", "a\u007f", "a\u0085", "a\u202e", "a\ud800", "\udc00", "x".repeat(129),
          "\ud83d\ude80".repeat(129), " a", "a ", "", "   ");
      int i = 0;
      for (String name : valid2) {
        Codec codec = Codec.all().get(i++ % 4);
        EndpointResponse response = endpoint.handle(Hosts.post(codec, "acme", admin.key().toString(), name, "viewer"));
        assertThat(response.status()).as("name %s in %s on %s", Printable.of(name), codec.mediaType(), kind).isEqualTo(200);
        Map<String, Object> body = codec.decode(response.body());
        assertThat(body.get("name")).isEqualTo(name);
        assertThat(service.authenticate("acme", body.get("key").toString()).role()).isEqualTo("viewer");
      }
      for (String name : invalid) {
        // Only the JSON text formats can carry an unpaired surrogate (as an escape); see Hosts.body.
        Codec codec = Codec.all().get(name.chars().anyMatch(c -> Character.isSurrogate((char) c)) ? i++ % 2 : i++ % 4);
        EndpointResponse response = endpoint.handle(Hosts.post(codec, "acme", admin.key().toString(), name, "viewer"));
        assertThat(response.status()).as("name %s in %s on %s", Printable.of(name), codec.mediaType(), kind).isEqualTo(400);
      }
      List<String> stored = db.store().list("acme").stream().map(StoredApikey::name).toList();
      List<String> expected = new ArrayList<>(valid2);
      expected.add("root");
      assertThat(stored).as("names as the database gives them back").containsExactlyInAnyOrderElementsOf(expected);
      db.assertEveryRowIsWhole();
    }
  }
}
