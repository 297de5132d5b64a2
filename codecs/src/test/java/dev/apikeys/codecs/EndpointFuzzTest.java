package dev.apikeys.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.internal.Uuids;
import dev.apikeys.testsupport.Bytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded fuzz loop over whole requests through {@link ApikeyEndpoint}: every header (method,
 * path, tenant, key, Content-Type, Accept, Content-Length) and the body are drawn from valid
 * values, hostile values and mutations of valid values, so that every step of the order of checks
 * is reached with bad input.
 *
 * <p>The oracle, for every request: a status of the behaviour table, never 500 or 503; an error body
 * under 16 KiB that decodes in the format it says, with the code of its status; a 401 that is the
 * one 401 of its format, byte for byte; a 200 only for a tenant header that is exactly the caller's tenant and a
 * key header that is a canonical spelling of the caller's key, and with a new key that
 * authenticates in that tenant; no caller's key in any response.
 *
 * <p>{@code -Dapikeys.fuzz.count=N} as in {@link DecoderFuzzTest}: this test makes N/10 requests per
 * format (1,000 by default). A failure names the seed and the request's index.
 */
class EndpointFuzzTest {
  private static final int COUNT = Math.max(1, Integer.getInteger("apikeys.fuzz.count", 10_000) / 10);
  private static final long SEED = Long.getLong("apikeys.fuzz.seed", 0x5eedc0de_2026L);

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyRequestIsAnsweredFromTheTableAndOnlyTheRightCallerCreates(Format format) {
    Tenants tenants = new Tenants();
    ApikeyEndpoint endpoint = tenants.endpoint();
    Map<String, CreatedApikey> callers = new LinkedHashMap<>();
    callers.put(Tenants.ACME + "/admin", tenants.admin);
    callers.put(Tenants.ACME + "/operator", tenants.operator);
    callers.put(Tenants.ACME + "/viewer", tenants.viewer);
    callers.put(Tenants.GLOBEX + "/admin", tenants.globexAdmin);
    Map<String, byte[]> the401 = new TreeMap<>();
    for (Codec codec : Codec.all()) {
      EndpointResponse r = endpoint.handle(EndpointRequest.of("POST", ApikeyEndpoint.PATH,
          name -> name.equals("accept") ? codec.contentType() : null, new byte[0]));
      the401.put(codec.contentType(), r.body());
    }
    Generator generator = new Generator(new SplittableRandom(SEED + 100 + format.ordinal()), format, tenants);
    Map<Integer, Integer> statuses = new TreeMap<>();
    Set<UUID> created = new HashSet<>();
    for (int i = 0; i < COUNT; i++) {
      Generator.Request request = generator.next();
      EndpointResponse response;
      try {
        response = endpoint.handle(request.build());
      } catch (Throwable t) {
        throw new AssertionError(failure(format, i, request) + " threw " + t, t);
      }
      statuses.merge(response.status(), 1, Integer::sum);
      try {
        check(request, response, the401, tenants, callers, created);
      } catch (AssertionError e) {
        throw new AssertionError(failure(format, i, request) + ": " + e.getMessage(), e);
      }
    }
    System.out.printf("endpoint fuzz %s: seed %d, %d requests, statuses %s%n", format, SEED, COUNT, statuses);
    if (COUNT >= 1000) {
      // a fuzzer that never gets past the first checks tests little
      assertThat(statuses.keySet()).as("statuses reached").contains(200, 400, 401, 403, 404, 405, 406, 415);
    }
  }

  private static String failure(Format format, int i, Generator.Request request) {
    return "fuzzing the endpoint in " + format + " with -Dapikeys.fuzz.seed=" + SEED + ": request " + i + " " + request;
  }

  private static void check(Generator.Request request, EndpointResponse response, Map<String, byte[]> the401, Tenants tenants,
      Map<String, CreatedApikey> callers, Set<UUID> created) {
    int status = response.status();
    assertThat(HostileHeadersTest.TABLE_STATUSES).as("status").contains(status);
    Codec codec = Codec.all().stream().filter(c -> c.contentType().equals(response.contentType())).findFirst()
        .orElseThrow(() -> new AssertionError("content type " + response.contentType()));
    byte[] body = response.body();
    for (CreatedApikey caller : callers.values()) {
      assertThat(containsKey(body, caller.key())).as("a caller's key in the response").isFalse();
    }
    Map<String, Object> decoded = codec.decode(body);
    if (status != 200) {
      assertThat(body.length).as("bytes of an error body").isLessThan(16 * 1024);
      List<String> codes = Arrays.stream(ErrorCode.values()).filter(c -> c.status() == status).map(ErrorCode::code).toList();
      assertThat(codes).as("error codes of " + status).contains(String.valueOf(decoded.get("error")));
      if (status == 401) {
        assertThat(body).as("the one 401").isEqualTo(the401.get(response.contentType()));
      }
      return;
    }
    // A 200: the tenant header is exactly the caller's tenant, the key header a spelling of its key.
    UUID presented = Uuids.parseCanonical(request.key);
    CreatedApikey caller = callers.entrySet().stream()
        .filter(e -> e.getValue().key().equals(presented) && e.getKey().startsWith(request.tenant + "/"))
        .map(Map.Entry::getValue).findFirst()
        .orElseThrow(() -> new AssertionError("200 for tenant " + HostileHeadersTest.printable(String.valueOf(request.tenant))));
    assertThat(caller.role()).isIn("admin", "operator");
    UUID key = UUID.fromString(decoded.get("key").toString());
    assertThat(created.add(key)).as("a new key").isTrue();
    Caller authenticated = tenants.service.authenticate(request.tenant, key.toString());
    assertThat(authenticated.role()).isEqualTo(decoded.get("role"));
  }

  /** Whether the key is in the body as text (any case, with or without dashes) or as its 16 bytes or either half. */
  static boolean containsKey(byte[] body, UUID key) {
    String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    if (text.contains(key.toString()) || text.contains(key.toString().replace("-", ""))) {
      return true;
    }
    byte[] msb = ByteBuffer.allocate(8).putLong(key.getMostSignificantBits()).array();
    byte[] lsb = ByteBuffer.allocate(8).putLong(key.getLeastSignificantBits()).array();
    return Bytes.indexOf(body, msb) >= 0 || Bytes.indexOf(body, lsb) >= 0;
  }

  /** Makes requests: mostly valid headers with one or two of them bad, so that every check is reached. */
  static final class Generator {
    private static final List<String> METHODS = List.of("PUT", "PATCH", "post", "POST ", "", "OPTIONS");
    private static final List<String> PATHS = List.of("/api/v1/apikeys/", "/api/v1/apikey", "//api/v1/apikeys", "/",
        "/api/v1/apikeys?x=1", "/api/v1/apikeys?", "/api/v1/apikeys%00", "/API/V1/APIKEYS");
    private static final List<String> ACCEPTS = List.of("*/*", "application/*", "text/html", "application/json;q=0",
        "application/edn;q=0.5, application/json;q=0.4", "application/transit+msgpack;q=1, */*;q=0", "*/json", ",,,",
        "application/transit+json;verbose=true", "application/json;q=2", "application/json;q=0.001");
    private static final String METACHARACTERS = "-'\"%_\\;:#{}[]~^ ,=";
    private static final String HEX = "0123456789abcdefABCDEF";
    private static final List<String> LENGTHS = List.of("0", "-1", "65536", "65537", "99999999999999999999", "1e3", "", "x");

    private final SplittableRandom random;
    private final Format format;
    private final List<String> callerKeys = new ArrayList<>();
    private final List<String> hostileTenants = HostileHeadersTest.hostileTenants();
    private final List<String> hostileKeys;
    private final Map<Format, DecoderFuzzTest.Mutator> bodies = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();

    Generator(SplittableRandom random, Format format, Tenants tenants) {
      this.random = random;
      this.format = format;
      for (CreatedApikey k : List.of(tenants.admin, tenants.operator, tenants.viewer, tenants.globexAdmin)) {
        callerKeys.add(k.key().toString());
      }
      hostileKeys = HostileHeadersTest.hostileKeys(tenants.admin.key().toString(), tenants.globexAdmin.key().toString(),
          UUID.randomUUID().toString()).stream().filter(k -> k.length() < 10_000).toList();
      for (Format f : Format.values()) {
        bodies.put(f, new DecoderFuzzTest.Mutator(random.split(), DecoderFuzzTest.corpus(f), DecoderFuzzTest.tokens(f)));
      }
    }

    /** One request; its fields are readable in a failure message. */
    static final class Request {
      String method = "POST";
      String path = ApikeyEndpoint.PATH;
      String tenant;
      String key;
      String contentType;
      String accept;
      String contentLength;
      byte[] body;

      EndpointRequest build() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        put(headers, ApikeyEndpoint.TENANT_HEADER, tenant);
        put(headers, ApikeyEndpoint.API_KEY_HEADER, key);
        put(headers, "Content-Type", contentType);
        put(headers, "Accept", accept);
        put(headers, "Content-Length", contentLength);
        return EndpointRequest.of(method, path, Headers.of(headers), body);
      }

      private static void put(Map<String, List<String>> headers, String name, String value) {
        if (value != null) {
          headers.put(name, List.of(value));
        }
      }

      @Override
      public String toString() {
        return "[" + HostileHeadersTest.printable(method) + " " + HostileHeadersTest.printable(path) + ", tenant "
            + (tenant == null ? null : HostileHeadersTest.printable(tenant)) + ", key " + (key == null ? null : HostileHeadersTest.printable(key))
            + ", content-type " + (contentType == null ? null : HostileHeadersTest.printable(contentType)) + ", accept "
            + (accept == null ? null : HostileHeadersTest.printable(accept)) + ", content-length " + contentLength + ", body "
            + java.util.HexFormat.of().formatHex(body) + "]";
      }
    }

    Request next() {
      Request r = new Request();
      if (chance(30)) {
        r.method = pick(METHODS);
      }
      if (chance(30)) {
        r.path = pick(PATHS);
      }
      int callerIndex = random.nextInt(callerKeys.size());
      r.tenant = callerIndex == 3 ? Tenants.GLOBEX : Tenants.ACME;
      r.key = callerKeys.get(callerIndex);
      switch (random.nextInt(18)) {
        case 0 -> r.tenant = pick(hostileTenants);
        case 1 -> r.tenant = mutate(r.tenant);
        case 2 -> r.key = pick(hostileKeys);
        case 3 -> r.key = mutate(r.key);
        case 4 -> r.key = chance(2) ? r.key.toUpperCase(Locale.ROOT) : null;
        case 5 -> r.tenant = chance(2) ? null : randomText(1 + random.nextInt(20));
        default -> { }
      }
      Format bodyFormat = chance(10) ? pick(List.of(Format.values())) : format;
      r.contentType = bodyFormat.mediaType();
      switch (random.nextInt(14)) {
        case 0 -> r.contentType = null;
        case 1 -> r.contentType = mutate(r.contentType);
        case 2 -> r.contentType = r.contentType.toUpperCase(Locale.ROOT) + "; charset=" + pick(List.of("utf-8", "UTF-8", "latin1", "\"utf-8\"", ""));
        case 3 -> r.contentType = r.contentType + ";" + randomText(random.nextInt(10));
        default -> { }
      }
      r.accept = chance(3) ? null : format.mediaType();
      if (chance(8)) {
        r.accept = pick(ACCEPTS);
      } else if (chance(20)) {
        r.accept = mutate(format.mediaType());
      }
      if (chance(15)) {
        r.contentLength = pick(LENGTHS);
      }
      if (chance(3)) {
        // a valid body: a new name, or one used before (409), with a role the caller may or may not grant
        String name = chance(4) && !names.isEmpty() ? pick(names) : "n" + names.size() + randomText(random.nextInt(3));
        names.add(name);
        r.body = bodyFormat.write(Map.of("name", name, "role", pick(List.of("viewer", "operator", "admin"))));
      } else {
        r.body = bodies.get(bodyFormat).next();
      }
      return r;
    }

    private String mutate(String s) {
      StringBuilder sb = new StringBuilder(s);
      int at = sb.length() == 0 ? 0 : random.nextInt(sb.length());
      switch (random.nextInt(5)) {
        case 0 -> {
          if (sb.length() > 0) {
            sb.setCharAt(at, randomChar());
          }
        }
        case 1 -> sb.insert(at, randomChar());
        case 2 -> {
          if (sb.length() > 0) {
            sb.deleteCharAt(at);
          }
        }
        case 3 -> sb.setLength(at);
        default -> sb.append(randomChar());
      }
      return sb.toString();
    }

    private char randomChar() {
      return switch (random.nextInt(6)) {
        case 0 -> (char) random.nextInt(0x20);
        case 1 -> METACHARACTERS.charAt(random.nextInt(METACHARACTERS.length()));
        case 2 -> (char) random.nextInt(0x80, 0x800);
        case 3 -> (char) random.nextInt(0xd800, 0xe000);
        case 4 -> HEX.charAt(random.nextInt(HEX.length()));
        default -> (char) random.nextInt(0x20, 0x7f);
      };
    }

    private String randomText(int length) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < length; i++) {
        sb.append(randomChar());
      }
      return sb.toString();
    }

    private boolean chance(int oneIn) {
      return random.nextInt(oneIn) == 0;
    }

    private <T> T pick(List<T> list) {
      return list.get(random.nextInt(list.size()));
    }
  }
}
