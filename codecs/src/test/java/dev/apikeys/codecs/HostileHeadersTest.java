package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.CreatedApikey;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Headers written to hurt: tenants and keys with odd bytes, non-canonical spellings of a real key,
 * metacharacters of SQL and of every format, absurd lengths; hostile Accept, Content-Type,
 * Content-Length, method and path; bodies that trickle or never end. Through {@link
 * ApikeyEndpoint}, in each of the four formats.
 *
 * <p>What must hold: every authentication failure is the one 401, byte for byte, whatever else is
 * wrong with the request; nothing a client sends gives a 500; the body is read only for an
 * authenticated caller and never past the limit plus one byte.
 */
class HostileHeadersTest {
  /** A key with a leading zero in every group, so that {@link UUID#fromString} has spellings of it without them. */
  static final UUID ZEROES = UUID.fromString("0000000a-000b-400c-800d-00000000000e");

  private final Tenants tenants = new Tenants();
  private final ApikeyEndpoint endpoint = tenants.endpoint();
  private final CreatedApikey zeroes = scripted(ZEROES, "zeroes");

  private CreatedApikey scripted(UUID key, String name) {
    tenants.keys.next = () -> key;
    try {
      return tenants.service.createBootstrapKey(Tenants.ACME, new ApikeyRequest(name, "admin"));
    } finally {
      tenants.keys.next = null;
    }
  }

  private static byte[] valid(Format format) {
    return format.write(Map.of("name", "ci", "role", "viewer"));
  }

  /** The 401 of a request with no credentials at all: every other failure must be exactly this. */
  private EndpointResponse reference401(Format format) {
    EndpointResponse response = endpoint.handle(Requests.post(format).without(ApikeyEndpoint.TENANT_HEADER).body(valid(format)).build());
    assertThat(response.status()).isEqualTo(401);
    return response;
  }

  // --- tenants ----------------------------------------------------------------------------------

  /** Tenant header values that are not {@code acme}, though some look like it to a person or a database. */
  static List<String> hostileTenants() {
    List<String> t = new ArrayList<>(List.of(
        "", " ", "acme ", " acme", "\tacme", "ACME", "Acme", "acme\u0000", "\u0000acme", "ac\u0000me", "acme\n", "acme\r\n",
        "acme\r\nx-bytebeam-tenant: acme", "acme\u007f", "acme\u0085", "acme\u009f", "acme\u00a0", "acme\u200b", "\u200bacme",
        "acme\u2028", "\u202eemca", "acme\u202c", "acme\ufeff", "\ufeffacme", "\uff41\uff43\uff4d\uff45", "\u0430cme",
        "acm\u00e9", "acme\u0301", "acme\ud800", "\udc00acme", "acme\ud83d\ude80", "acme\ufffd", "acme?",
        "' OR '1'='1", "acme' --", "acme'; DROP TABLE apikeys; --", "acme\\", "acme\\'", "%", "acm%", "a%", "acm_", "_cme",
        "____", "*", "acme*", "acme;", "acme/*", "\"acme\"", "`acme`", "acme\"",
        ":acme", "#acme", "#_ acme", "{:tenant \"acme\"}", "#uuid \"0000000a-000b-400c-800d-00000000000e\"", "[acme]",
        "~:acme", "^ ", "[\"^ \",\"~:tenant\",\"acme\"]", "~#'", "{\"tenant\":\"acme\"}", "null", "nil", "undefined",
        "acme,acme", "acme, acme", Tenants.GLOBEX, "initech",
        "a".repeat(255) + "b", "a".repeat(256), "a".repeat(257), "acme".repeat(64), "acme".repeat(65), "x".repeat(100_000)));
    for (char c = 0; c < 0x20; c++) {
      t.add("acme" + c);
      t.add(c + "acme");
    }
    return t;
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyHostileTenantWithAValidKeyGetsTheOne401(Format format) {
    byte[] expected = reference401(format).body();
    List<String> hostile = hostileTenants();
    for (String tenant : hostile) {
      EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin).header(ApikeyEndpoint.TENANT_HEADER, tenant)
          .body(valid(format)).build());
      assertThat(response.status()).as("tenant %s", printable(tenant)).isEqualTo(401);
      assertThat(response.contentType()).isEqualTo(format.codec.contentType());
      assertThat(response.body()).as("tenant %s", printable(tenant)).isEqualTo(expected);
    }
    assertThat(tenants.store.list(Tenants.ACME)).extracting(k -> k.name()).doesNotContain("ci");
  }

  @Test
  void tenantsMadeOfMetacharactersAreExactNamesNotPatterns() {
    // Tenants whose names mean something to SQL (LIKE wildcards, quotes, comments), to EDN and to
    // transit exist side by side; each key authenticates in its own tenant and in no other.
    List<String> names = List.of("a%", "a_c", "abc", "o'brien", "x\\", "x\\\\", ":kw", "#tag", "~:kw", "^ ", "{}", "\"q\"",
        "acme;--", "\u00e9", "e\u0301");
    List<CreatedApikey> keys = new ArrayList<>();
    for (String tenant : names) {
      keys.add(tenants.service.createBootstrapKey(tenant, new ApikeyRequest("root", "admin")));
    }
    for (int i = 0; i < names.size(); i++) {
      for (int j = 0; j < names.size(); j++) {
        EndpointResponse response = endpoint.handle(Requests.post(Format.JSON).as(keys.get(i))
            .header(ApikeyEndpoint.TENANT_HEADER, names.get(j)).body(valid(Format.JSON)).build());
        assertThat(response.status()).as("key of %s in tenant %s", names.get(i), names.get(j)).isEqualTo(i == j ? 200 : 401);
      }
    }
  }

  // --- keys -------------------------------------------------------------------------------------

  /** Spellings that {@link UUID#fromString} reads as the very key {@link #ZEROES}: none of them authenticates. */
  static List<String> nonCanonicalSpellingsOfARealKey() {
    return List.of(
        "a-b-400c-800d-e",
        "A-B-400C-800D-E",
        "0a-0b-400c-800d-0e",
        "+a-+b-400c-800d-+e",
        "0000000a-000b-400c-800d-e",
        "a-000b-400c-800d-00000000000e",
        // Unicode digits that Character.digit reads as hex digits; 36 characters, the canonical length
        "\uff10000000a-000b-400c-800d-00000000000e",
        "\u0660000000a-000b-400c-800d-00000000000e");
  }

  @Test
  void theNonCanonicalSpellingsReallyAreTheKeyToUuidFromString() {
    for (String spelling : nonCanonicalSpellingsOfARealKey()) {
      assertThat(UUID.fromString(spelling)).as(spelling).isEqualTo(ZEROES);
    }
    assertThat(nonCanonicalSpellingsOfARealKey()).allSatisfy(s -> assertThat(s).isNotEqualToIgnoringCase(ZEROES.toString()));
  }

  static List<String> hostileKeys(String valid, String otherTenants, String revoked) {
    List<String> k = new ArrayList<>(nonCanonicalSpellingsOfARealKey());
    k.addAll(List.of(
        "", " ", "1-1-1-1-1", "0-0-0-0-0", "-1--1--1--1--1", "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff", UUID.randomUUID().toString(), otherTenants, revoked,
        valid + " ", " " + valid, valid + "\n", valid + "\r\n", "\t" + valid, valid + "\u0000", "\u0000" + valid,
        valid.replace("-", ""), "{" + valid + "}", "urn:uuid:" + valid, "\"" + valid + "\"", "#uuid \"" + valid + "\"",
        "~u" + valid, valid + "," + valid, valid + ", " + valid, valid.replace('-', '_'), valid.replace('-', '\u2010'),
        valid.replace('-', '\u2212'), valid.substring(0, 35), valid + "0", "0" + valid, valid.substring(1) + "-",
        valid.replace("-", "--").substring(0, 36), "-".repeat(36), "g" + valid.substring(1), valid.substring(0, 35) + "\u00e9",
        valid.substring(0, 35) + "\ud800", "' OR '1'='1", valid + "' OR '1'='1", "*", "%", valid.substring(0, 30) + "%",
        "x".repeat(1_000_000)));
    return k;
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyHostileKeyGetsTheOne401(Format format) {
    byte[] expected = reference401(format).body();
    String revoked = tenants.viewer.key().toString();
    tenants.store.delete(Tenants.ACME, "dashboard");
    for (String key : hostileKeys(zeroes.key().toString(), tenants.globexAdmin.key().toString(), revoked)) {
      EndpointResponse response = endpoint.handle(Requests.post(format).header(ApikeyEndpoint.API_KEY_HEADER, key)
          .body(valid(format)).build());
      assertThat(response.status()).as("key %s", printable(key)).isEqualTo(401);
      assertThat(response.body()).as("key %s", printable(key)).isEqualTo(expected);
    }
  }

  @Test
  void aKeyAuthenticatesInAnyCaseOfItsHexDigitsAsTheDesignSays() {
    String key = zeroes.key().toString();
    String mixed = key.chars().mapToObj(c -> String.valueOf((char) c)).reduce("", (s, c) -> s + (s.length() % 2 == 0 ? c.toUpperCase(Locale.ROOT) : c));
    for (String spelling : List.of(key, key.toUpperCase(Locale.ROOT), mixed)) {
      EndpointResponse response = endpoint.handle(Requests.post(Format.JSON).header(ApikeyEndpoint.API_KEY_HEADER, spelling)
          .body(Format.JSON.write(Map.of("name", "case-" + spelling, "role", "viewer"))).build());
      assertThat(response.status()).as(spelling).isEqualTo(200);
    }
  }

  // --- the one 401 ------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void the401IsTheSameBytesWhateverElseIsWrongWithTheRequest(Format format) {
    byte[] expected = reference401(format).body();
    String unknownKey = UUID.randomUUID().toString();
    List<Requests> requests = List.of(
        Requests.post(format).header(ApikeyEndpoint.API_KEY_HEADER, unknownKey).without("Content-Type"),
        Requests.post(format).header(ApikeyEndpoint.API_KEY_HEADER, unknownKey).header("Content-Type", "text/plain"),
        Requests.post(format).header(ApikeyEndpoint.API_KEY_HEADER, unknownKey).header("Content-Length", "999999999999"),
        Requests.post(format).header(ApikeyEndpoint.API_KEY_HEADER, unknownKey).body("{{{{".getBytes(UTF_8)),
        Requests.post(format).header(ApikeyEndpoint.API_KEY_HEADER, unknownKey).body(new byte[ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES + 1]),
        Requests.post(format).as(tenants.globexAdmin).body(format.write(Map.of("name", "root", "role", "admin"))),
        Requests.post(format).as(tenants.admin).header(ApikeyEndpoint.TENANT_HEADER, "initech").body(format.write(Map.of("x", 1L))),
        Requests.post(format).as(tenants.admin).without(ApikeyEndpoint.TENANT_HEADER).header("Content-Type", "application/xml"));
    for (Requests r : requests) {
      EndpointResponse response = endpoint.handle(r.build());
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.body()).isEqualTo(expected);
    }
  }

  // --- Accept, Content-Type, Content-Length, method, path ---------------------------------------

  static Stream<Arguments> hostileOtherHeaders() {
    // 16,000 elements: about what the JDK server lets through in its 380 KiB of headers
    String many = "application/xml;q=0.1, ".repeat(16_000);
    return Stream.of(
        Arguments.of("Accept", many + "application/edn"),
        Arguments.of("Accept", many),
        Arguments.of("Accept", "application/json;" + "a=b;".repeat(50_000)),
        Arguments.of("Accept", "application/json;q=\"" + "\\\"".repeat(50_000)),
        Arguments.of("Accept", "\"" + ",".repeat(100_000)),
        Arguments.of("Accept", ",".repeat(100_000)),
        Arguments.of("Accept", "application/json;q=0.0000000001"),
        Arguments.of("Accept", "application/json;q=1e-3, application/edn;q=NaN, */*;q=-1"),
        Arguments.of("Accept", "*/json, json, application/, /, ;, =, \u0000, application/json\u0000"),
        Arguments.of("Accept", "APPLICATION/EDN;CHARSET=UTF-8;Q=0.5"),
        Arguments.of("Accept", "application/json;charset=\"utf-8\\\"; q=0\""),
        Arguments.of("Content-Type", "application/json; charset=utf-8; charset=iso-8859-1"),
        Arguments.of("Content-Type", "application/json; charset=iso-8859-1; charset=utf-8"),
        Arguments.of("Content-Type", "application/json\u0000"),
        Arguments.of("Content-Type", "application/json;" + "a=b;".repeat(50_000)),
        Arguments.of("Content-Type", "application/json; charset=\"" + "x".repeat(100_000)),
        Arguments.of("Content-Type", "application/json, application/edn"),
        Arguments.of("Content-Type", "application/json; charset=utf\u00ad-8"),
        Arguments.of("Content-Type", "\u0130application/json"),
        Arguments.of("Content-Length", "-1"),
        Arguments.of("Content-Length", "99999999999999999999999999"),
        Arguments.of("Content-Length", "9223372036854775807"),
        Arguments.of("Content-Length", "1e5"),
        Arguments.of("Content-Length", "0x10000"),
        Arguments.of("Content-Length", " 65537"),
        Arguments.of("Content-Length", "65537, 65537"),
        Arguments.of("Content-Length", "\uff16\uff15\uff15\uff13\uff17"),
        Arguments.of("Content-Length", "0"),
        Arguments.of("Content-Length", "1"));
  }

  @ParameterizedTest(name = "{0}: {index}")
  @MethodSource("hostileOtherHeaders")
  void hostileNegotiationAndLengthHeadersAreAnsweredFromTheTableNeverWith500(String header, String value) {
    for (Format format : Format.values()) {
      EndpointResponse response = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> endpoint.handle(
          Requests.post(format).as(tenants.admin).header(header, value)
              .body(format.write(Map.of("name", "h-" + UUID.randomUUID(), "role", "viewer"))).build()),
          "a hostile header must not take long: none is worse than linear");
      assertThat(response.status()).as(header + " " + printable(value)).isIn(200, 400, 406, 413, 415);
      assertThat(Codec.all().stream().map(Codec::contentType)).contains(response.contentType());
    }
  }

  @Test
  void oddMethodsAndPathsAre404Or405NeverMore() {
    List<String> paths = List.of("/api/v1/apikeys/", "//api/v1/apikeys", "/api/v1//apikeys", "/api/v1/apikeys;x=1",
        "/api/v1/apikeys%00", "/api/v1/apikeys\u0000", "/api/v1/./apikeys", "/api/v1/x/../apikeys", "/api%2Fv1%2Fapikeys",
        "/api/v1/apikeys#frag", "", "*", "http://evil/api/v1/apikeys", "/API/v1/apikeys", "/" + "a".repeat(100_000));
    for (String path : paths) {
      EndpointResponse response = endpoint.handle(Requests.post(Format.JSON).as(tenants.admin).path(path).body(valid(Format.JSON)).build());
      assertThat(response.status()).as(printable(path)).isEqualTo(404);
    }
    for (String method : List.of("PUT", "PATCH", "post", "Post", "POST ", " POST", "POST\u0000", "PO ST", "", "CONNECT", "TRACE",
        "M".repeat(10_000))) {
      EndpointResponse response = endpoint.handle(Requests.post(Format.JSON).as(tenants.admin).method(method).body(valid(Format.JSON)).build());
      assertThat(response.status()).as(printable(method)).isEqualTo(405);
      assertThat(response.allow()).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
    }
    assertThat(tenants.store.list(Tenants.ACME)).extracting(k -> k.name()).doesNotContain("ci");
  }

  // --- bodies that trickle, never end, or fail ---------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void aBodyThatTricklesOneByteAtATimeIsReadWhole(Format format) {
    byte[] body = valid(format);
    InputStream trickle = new InputStream() {
      int at;

      @Override
      public int read() {
        return at < body.length ? body[at++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at >= body.length) {
          return -1;
        }
        Thread.onSpinWait();
        b[off] = body[at++];
        return 1;
      }
    };
    EndpointRequest request = Requests.post(format).as(tenants.admin).build();

    EndpointResponse response = endpoint.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH, request.headers(), trickle));

    assertThat(response.status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void anEndlessBodyHandedOutInBigChunksIsNeverReadPastTheLimitPlusOne(Format format) {
    AtomicLong handedOut = new AtomicLong();
    AtomicLong largestAsk = new AtomicLong();
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        handedOut.incrementAndGet();
        return ' ';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        largestAsk.accumulateAndGet(len, Math::max);
        java.util.Arrays.fill(b, off, off + len, (byte) ' ');
        handedOut.addAndGet(len);
        return len;
      }
    };
    ApikeyEndpoint small = ApikeyEndpoint.builder().service(tenants.service).maxBodyBytes(1000).build();
    EndpointRequest request = Requests.post(format).as(tenants.admin).build();

    EndpointResponse response = small.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH, request.headers(), endless));

    assertThat(response.status()).isEqualTo(413);
    assertThat(handedOut.get()).isEqualTo(1001);
  }

  @Test
  void aBodyStreamThatFailsUncheckedIsA500WithTheFixedBody() {
    InputStream broken = new InputStream() {
      @Override
      public int read() {
        throw new IllegalStateException("host stream broke near " + tenants.admin.key());
      }
    };
    List<Throwable> logged = new ArrayList<>();
    ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(tenants.service).errorListener(logged::add).build();
    EndpointRequest request = Requests.post(Format.JSON).as(tenants.admin).build();

    EndpointResponse response = endpoint.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH, request.headers(), broken));

    assertThat(response.status()).isEqualTo(500);
    assertThat(new String(response.body(), UTF_8)).doesNotContain(tenants.admin.key().toString(), "broke");
    assertThat(logged).hasSize(1);
  }

  // --- helpers ----------------------------------------------------------------------------------

  static final Set<Integer> TABLE_STATUSES = Set.of(200, 400, 401, 403, 404, 405, 406, 409, 413, 415);

  /** A header value as a person can read it in a failure message: escapes, and long values cut. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return s.length() > 80 ? sb + "… (" + s.length() + " chars)" : sb.toString();
  }
}
