package dev.apikeys.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.codecs.Format;
import dev.apikeys.codecs.MalformedBodies;
import dev.apikeys.codecs.Tenants;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.spi.StoredApikey;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour table over HTTP, on a real Jetty, with the servlet mapped at {@code /api/v1/apikeys}
 * and {@code /api/v1/apikeys/*} under the context path {@code /ctx}: each row in each of the four
 * formats, the answer read back with the format's own library.
 */
class ApikeyServletTest {
  private final Tenants tenants = new Tenants();
  private JettyHost host;
  private URI collection;

  @BeforeEach
  void start() throws Exception {
    host = JettyHost.builder(ApikeyEndpoint.builder().service(tenants.service).maxBodyBytes(1024).build())
        .contextPath("/ctx").start();
    collection = host.uri(ApikeyEndpoint.PATH);
    assertThat(collection.getPath()).isEqualTo("/ctx/api/v1/apikeys");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  private static Map<String, Object> fields(String name, Object role) {
    return new java.util.LinkedHashMap<>(Map.of("name", name, "role", role));
  }

  private HttpResponse<byte[]> create(Format format, dev.apikeys.core.CreatedApikey caller, byte[] body) {
    return Http.send(Http.request(collection, format, caller).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private static void assertError(HttpResponse<byte[]> response, Format format, ErrorCode code) {
    assertThat(response.statusCode()).as("status of %s", format.show(response.body())).isEqualTo(code.status());
    assertContentType(response, format);
    assertThat(response.headers().firstValue("cache-control")).contains("no-store");
    assertThat(format.read(response.body())).containsEntry("error", code.code());
  }

  /**
   * The endpoint's Content-Type, as the container spells it: Jetty writes the types it knows
   * without the space after {@code ;} ({@code application/json;charset=utf-8}), others as given.
   */
  static void assertContentType(HttpResponse<byte[]> response, Format format) {
    assertThat(response.headers().firstValue("content-type").map(v -> v.replace("; ", ";")))
        .contains(format.codec.contentType().replace("; ", ";"));
  }

  // --- 200 ------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void createsAKeyWithEveryHeaderOfTheEndpointsAnswer(Format format) {
    HttpResponse<byte[]> response = create(format, tenants.operator, format.write(fields("ci", "viewer")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertContentType(response, format);
    assertThat(response.headers().allValues("cache-control")).containsExactly("no-store");
    assertThat(response.headers().firstValue("www-authenticate")).isEmpty();
    Map<String, Object> body = format.read(response.body());
    assertThat(body).containsOnlyKeys("role", "name", "key", "created-by").containsEntry("name", "ci").containsEntry("role", "viewer");
    assertThat(response.headers().firstValueAsLong("content-length")).hasValue(response.body().length);
    assertThat(tenants.service.authenticate(Tenants.ACME, body.get("key").toString()).keyName()).contains("ci");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void listsAndRevokesUnderTheContextPath(Format format) {
    assertThat(create(format, tenants.admin, format.write(fields("deploy bot/é", "viewer"))).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> list = Http.send(Http.request(URI.create(collection + "?limit=2&after=dashboard"), format, tenants.viewer)
        .GET().build());
    assertThat(list.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> keys = (List<Map<String, Object>>) format.read(list.body()).get("keys");
    assertThat(keys).extracting(k -> k.get("name")).containsExactly("deploy bot/é", "ops");

    HttpResponse<byte[]> head = Http.send(Http.request(collection, format, tenants.viewer)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertContentType(head, format);
    assertThat(head.body()).isEmpty();

    String name = URLEncoder.encode("deploy bot", UTF_8).replace("+", "%20");
    assertThat(create(format, tenants.admin, format.write(fields("deploy bot", "viewer"))).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> revoked = Http.send(Http.request(URI.create(collection + "/" + name), format, tenants.admin).DELETE().build());
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(format.read(revoked.body())).containsEntry("name", "deploy bot").containsEntry("revoked", true);
    assertThat(tenants.store.list(Tenants.ACME)).extracting(StoredApikey::name).doesNotContain("deploy bot");
  }

  // --- 400 ------------------------------------------------------------------------------------

  static List<MalformedBodies.Case> malformedBodies() {
    return MalformedBodies.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void refusesABodyThatDoesNotDecodeAsMalformed(MalformedBodies.Case c) {
    HttpResponse<byte[]> response = create(c.format(), tenants.admin, c.body());

    assertError(response, c.format(), ErrorCode.MALFORMED_BODY);
    assertThat(c.format().read(response.body())).containsEntry("message", c.message());
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesAnInvalidBodyWithOneViolationPerField(Format format) {
    HttpResponse<byte[]> response = create(format, tenants.admin, format.write(fields("", List.of("admin"))));

    assertError(response, format, ErrorCode.INVALID_REQUEST);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> violations = (List<Map<String, Object>>) format.read(response.body()).get("violations");
    assertThat(violations).extracting(v -> List.of(v.get("field"), v.get("code")))
        .containsExactly(List.of("name", "empty"), List.of("role", "wrong-type"));
  }

  // --- 401, 403 -------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersUnauthenticatedWithTheChallengeAndTheSameBytesForEveryReason(Format format) {
    byte[] body = format.write(fields("ci", "viewer"));
    HttpResponse<byte[]> noKey = create(format, null, body);
    HttpResponse<byte[]> unknownKey = Http.send(Http.request(collection, format, null)
        .header(ApikeyEndpoint.API_KEY_HEADER, UUID.randomUUID().toString()).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    HttpResponse<byte[]> otherTenant = Http.send(Http.request(collection, format, tenants.globexAdmin)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

    for (HttpResponse<byte[]> response : List.of(noKey, unknownKey, otherTenant)) {
      assertError(response, format, ErrorCode.UNAUTHENTICATED);
      assertThat(response.headers().firstValue("www-authenticate")).contains(EndpointResponse.CHALLENGE);
      assertThat(response.body()).isEqualTo(noKey.body());
    }
  }

  @Test
  void refusesTwoApiKeyHeaderLinesInsteadOfTakingTheFirst() {
    HttpResponse<byte[]> response = Http.send(Http.request(collection, Format.JSON, tenants.admin)
        .header(ApikeyEndpoint.API_KEY_HEADER, tenants.viewer.key().toString()).GET().build());

    assertError(response, Format.JSON, ErrorCode.UNAUTHENTICATED);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void forbidsARoleThatMayNotCreateKeys(Format format) {
    assertError(create(format, tenants.viewer, format.write(fields("ci", "viewer"))), format, ErrorCode.FORBIDDEN);
  }

  // --- 404, 405, 406 --------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersNotFoundForAPathUnderTheServletThatNoRouteHas(Format format) {
    assertError(Http.send(Http.request(URI.create(collection + "/a/b"), format, tenants.admin).DELETE().build()),
        format, ErrorCode.NOT_FOUND);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersMethodNotAllowedWithTheAllowHeaderOfThePath(Format format) {
    HttpResponse<byte[]> onCollection = Http.send(Http.request(collection, format, tenants.admin)
        .PUT(HttpRequest.BodyPublishers.noBody()).build());
    HttpResponse<byte[]> onKey = Http.send(Http.request(URI.create(collection + "/ci"), format, tenants.admin).GET().build());
    HttpResponse<byte[]> unknownMethod = Http.send(Http.request(collection, format, tenants.admin)
        .method("PROPFIND", HttpRequest.BodyPublishers.noBody()).build());

    assertError(onCollection, format, ErrorCode.METHOD_NOT_ALLOWED);
    assertThat(onCollection.headers().firstValue("allow")).contains("GET, HEAD, POST");
    assertError(onKey, format, ErrorCode.METHOD_NOT_ALLOWED);
    assertThat(onKey.headers().firstValue("allow")).contains("DELETE");
    assertError(unknownMethod, format, ErrorCode.METHOD_NOT_ALLOWED);
  }

  @Test
  void answersNotAcceptableInTheDefaultFormat() {
    HttpResponse<byte[]> response = Http.send(Http.request(collection, Format.JSON, tenants.admin).setHeader("Accept", "text/html")
        .GET().build());

    assertError(response, Format.JSON, ErrorCode.NOT_ACCEPTABLE);
  }

  // --- 409, 413, 415, 503 ---------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesANameAlreadyTaken(Format format) {
    assertThat(create(format, tenants.admin, format.write(fields("ci", "viewer"))).statusCode()).isEqualTo(200);
    assertError(create(format, tenants.admin, format.write(fields("ci", "operator"))), format, ErrorCode.NAME_TAKEN);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesABodyOverTheLimitWithOrWithoutAContentLength(Format format) {
    byte[] over = padded(format, 1025);

    assertError(create(format, tenants.admin, over), format, ErrorCode.BODY_TOO_LARGE);
    assertError(Http.send(Http.request(collection, format, tenants.admin).POST(Http.chunked(over)).build()),
        format, ErrorCode.BODY_TOO_LARGE);
    assertThat(tenants.store.list(Tenants.ACME)).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void readsAChunkedBodyAtTheLimitWhole(Format format) {
    byte[] atLimit = padded(format, 1024);

    HttpResponse<byte[]> response = Http.send(Http.request(collection, format, tenants.admin).POST(Http.chunked(atLimit)).build());

    if (format.isText()) {
      assertThat(response.statusCode()).as(format.show(response.body())).isEqualTo(200);
      assertThat(format.read(response.body())).containsEntry("role", "viewer");
    } else {
      assertError(response, format, ErrorCode.MALFORMED_BODY); // read whole and decoded: the padding is trailing data
    }
  }

  @Test
  void refusesABodyOverTheDefaultLimitOf64KiB() throws Exception {
    try (JettyHost defaults = JettyHost.builder(tenants.endpoint()).start()) {
      URI uri = defaults.uri(ApikeyEndpoint.PATH);
      byte[] over = padded(Format.JSON, ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES + 1);
      byte[] atLimit = padded(Format.JSON, ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES);

      assertError(Http.send(Http.request(uri, Format.JSON, tenants.admin).POST(Http.chunked(over)).build()),
          Format.JSON, ErrorCode.BODY_TOO_LARGE);
      assertThat(Http.send(Http.request(uri, Format.JSON, tenants.admin).POST(Http.chunked(atLimit)).build()).statusCode())
          .isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesAnUnsupportedContentType(Format format) {
    HttpResponse<byte[]> response = Http.send(Http.request(collection, format, tenants.admin).setHeader("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("name=ci")).build());

    assertError(response, format, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersStorageUnavailableWhenTheStoreFails(Format format) {
    tenants.store.failInserts = true;

    HttpResponse<byte[]> response = create(format, tenants.admin, format.write(fields("ci", "viewer")));

    assertError(response, format, ErrorCode.STORAGE_UNAVAILABLE);
    assertThat(format.show(response.body())).doesNotContain("db.internal");
  }

  /**
   * A body of exactly {@code size} bytes: a valid create followed by white space, or in msgpack by
   * nils (which are trailing data there: decoded and refused as malformed, but not as too large).
   */
  static byte[] padded(Format format, int size) {
    byte[] request = format.write(fields("padded", "viewer"));
    byte[] body = java.util.Arrays.copyOf(request, size);
    java.util.Arrays.fill(body, request.length, size, format.isText() ? (byte) ' ' : (byte) 0xc0);
    return body;
  }
}
