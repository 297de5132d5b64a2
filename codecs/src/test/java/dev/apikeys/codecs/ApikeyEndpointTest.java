package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the behaviour table (the README's errors and order of checks), through {@link ApikeyEndpoint}, in each of the
 * four formats: the request in the format, Accept the same format, the answer read back with the
 * format's own library.
 */
class ApikeyEndpointTest {
  private final Tenants tenants = new Tenants();
  private final ApikeyEndpoint endpoint = tenants.endpoint();

  private EndpointResponse post(Format format, CreatedApikey caller, Map<String, ?> body) {
    return post(endpoint, format, caller, body);
  }

  private static EndpointResponse post(ApikeyEndpoint endpoint, Format format, CreatedApikey caller, Map<String, ?> body) {
    return endpoint.handle(Requests.post(format).as(caller).body(format.write(body)).build());
  }

  private static void assertError(EndpointResponse response, Format format, ErrorCode code) {
    assertThat(response.status()).as("status").isEqualTo(code.status());
    assertThat(response.contentType()).isEqualTo(format.codec.contentType());
    Map<String, Object> body = format.read(response.body());
    assertThat(body.get("error")).as(format.show(response.body())).isEqualTo(code.code());
    assertThat(body.get("message")).isInstanceOf(String.class);
    assertThat(format.keysAreKeywords(response.body())).isEqualTo(format != Format.JSON);
  }

  // --- 200 ------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void createsAKeyAndAnswersWithItInTheRequestedFormat(Format format) {
    EndpointResponse response = post(format, tenants.operator, Requests.fields("name", "ci", "role", "viewer"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo(format.codec.contentType());
    Map<String, Object> body = format.read(response.body());
    assertThat(body).containsOnlyKeys("role", "name", "key", "created-by");
    assertThat(body).containsEntry("role", "viewer").containsEntry("name", "ci");
    assertThat(body.get("key")).isInstanceOf(format == Format.JSON ? String.class : UUID.class);
    assertThat(body.get("created-by")).isEqualTo(tenants.service.authenticate(Tenants.ACME, tenants.operator.key().toString()).id());
    assertThat(format.keysAreKeywords(response.body())).isEqualTo(format != Format.JSON);

    Caller created = tenants.service.authenticate(Tenants.ACME, body.get("key").toString());
    assertThat(created.role()).isEqualTo("viewer");
  }

  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"TRANSIT_JSON", "TRANSIT_MSGPACK", "EDN"})
  void acceptsStringKeysWhereTheFormatsCanonicalKeysAreKeywords(Format format) {
    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(format.writeWithStringKeys(Requests.fields("name", "ci", "role", "operator"))).build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(format.read(response.body())).containsEntry("name", "ci").containsEntry("role", "operator");
  }

  @Test
  void readsVerboseTransitJson() {
    byte[] verbose = "{\"~:name\":\"ci\",\"~:role\":\"operator\"}".getBytes(UTF_8);
    EndpointResponse response = endpoint.handle(Requests.post(Format.TRANSIT_JSON).as(tenants.admin).body(verbose).build());

    assertThat(response.status()).isEqualTo(200);
  }

  // --- 400 malformed-body ---------------------------------------------------------------------

  static List<MalformedBodies.Case> malformedBodies() {
    return MalformedBodies.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void rejectsABodyThatDoesNotDecodeAsMalformed(MalformedBodies.Case c) {
    EndpointResponse response = endpoint.handle(Requests.post(c.format()).as(tenants.admin).body(c.body()).build());

    assertError(response, c.format(), ErrorCode.MALFORMED_BODY);
    Map<String, Object> body = c.format().read(response.body());
    assertThat(body.get("message")).isEqualTo(c.message());
    assertThat(body.get("violations")).isEqualTo(List.of());
    assertThat(tenants.store.list(Tenants.ACME)).hasSize(3);
  }

  // --- 400 invalid-request --------------------------------------------------------------------

  static Stream<Arguments> invalidRequests() {
    List<Arguments> args = new ArrayList<>();
    for (Format f : Format.values()) {
      args.add(Arguments.of(f, "missing field", Requests.fields("role", "viewer"), List.of(List.of("name", "missing"))));
      args.add(Arguments.of(f, "extra field", Requests.fields("name", "ci", "role", "viewer", "ttl", "1d"),
          List.of(List.of("ttl", "unknown-field"))));
      args.add(Arguments.of(f, "wrong type", Requests.fields("name", 42L, "role", "viewer"), List.of(List.of("name", "wrong-type"))));
      args.add(Arguments.of(f, "null", Requests.fields("name", null, "role", "viewer"), List.of(List.of("name", "null"))));
      args.add(Arguments.of(f, "bad name", Requests.fields("name", " ci", "role", "viewer"),
          List.of(List.of("name", "surrounding-whitespace"))));
      args.add(Arguments.of(f, "unknown role", Requests.fields("name", "ci", "role", "superuser"), List.of(List.of("role", "unknown-role"))));
      args.add(Arguments.of(f, "several fields wrong", Requests.fields("name", "", "role", List.of("admin")),
          List.of(List.of("name", "empty"), List.of("role", "wrong-type"))));
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidRequests")
  void rejectsABodyThatDecodesButIsInvalidWithOneViolationPerField(
      Format format, String situation, Map<String, Object> request, List<List<String>> expected) {
    EndpointResponse response = post(format, tenants.admin, request);

    assertError(response, format, ErrorCode.INVALID_REQUEST);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> violations = (List<Map<String, Object>>) format.read(response.body()).get("violations");
    assertThat(violations).extracting(v -> List.of(v.get("field"), v.get("code"))).isEqualTo(expected);
    assertThat(violations).allSatisfy(v -> assertThat(v).containsOnlyKeys("field", "code", "message"));
  }

  @Test
  void treatsAKeywordValueAsTheWrongType() {
    byte[] edn = "{:name \"ci\" :role :admin}".getBytes(UTF_8);
    EndpointResponse response = endpoint.handle(Requests.post(Format.EDN).as(tenants.admin).body(edn).build());

    assertThat(Format.EDN.read(response.body()).get("violations"))
        .isEqualTo(List.of(Map.of("field", "role", "code", "wrong-type", "message", "role must be a string")));
  }

  // --- 401 unauthenticated --------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersEveryAuthenticationFailureWithTheSameBytes(Format format) {
    byte[] body = format.write(Requests.fields("name", "ci", "role", "viewer"));
    tenants.store.delete(Tenants.ACME, "dashboard"); // revokes the viewer's key
    List<EndpointRequest> failures = List.of(
        Requests.post(format).body(body).build(),
        Requests.post(format).as(tenants.admin).without(ApikeyEndpoint.TENANT_HEADER).body(body).build(),
        Requests.post(format).header(ApikeyEndpoint.API_KEY_HEADER, UUID.randomUUID().toString()).body(body).build(),
        Requests.post(format).header(ApikeyEndpoint.API_KEY_HEADER, "not-a-key").body(body).build(),
        Requests.post(format).as(tenants.viewer).body(body).build(),
        Requests.post(format).as(tenants.admin).header(ApikeyEndpoint.TENANT_HEADER, "initech").body(body).build(),
        Requests.post(format).as(tenants.globexAdmin).body(body).build());

    Set<String> answers = new HashSet<>();
    for (EndpointRequest request : failures) {
      EndpointResponse response = endpoint.handle(request);
      assertError(response, format, ErrorCode.UNAUTHENTICATED);
      answers.add(format.show(response.body()));
    }
    assertThat(answers).hasSize(1);
  }

  // --- 403 forbidden --------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void forbidsARoleThatMayNotCreateKeys(Format format) {
    assertError(post(format, tenants.viewer, Requests.fields("name", "ci", "role", "viewer")), format, ErrorCode.FORBIDDEN);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void forbidsGrantingARoleAboveTheCallersOwn(Format format) {
    assertError(post(format, tenants.operator, Requests.fields("name", "ci", "role", "admin")), format, ErrorCode.FORBIDDEN);
    assertThat(tenants.store.list(Tenants.ACME)).extracting(k -> k.name()).doesNotContain("ci");
  }

  // --- 404, 405 -------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersNotFoundForAnyOtherPath(Format format) {
    for (String path : List.of("/api/v1/apikey", "/api/v1/apikeys/", "/api/v1/apikeysx", "/api/v1/apikeys/ci/", "/api/v1/apikeys/a/b",
        "/", "", "/API/V1/APIKEYS", "/api/v1/apikeys//ci")) {
      assertError(endpoint.handle(Requests.post(format).as(tenants.admin).path(path).build()), format, ErrorCode.NOT_FOUND);
      assertError(endpoint.handle(Requests.delete(format, "ci").as(tenants.admin).path(path).build()), format, ErrorCode.NOT_FOUND);
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersMethodNotAllowedWithAllowGetAndPostOnTheCollection(Format format) {
    for (String method : List.of("PUT", "PATCH", "DELETE", "OPTIONS", "post", "get", "head")) {
      EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin).method(method).build());
      assertError(response, format, ErrorCode.METHOD_NOT_ALLOWED);
      assertThat(response.allow()).as(method).contains("GET, HEAD, POST");
      assertThat(response.headers()).containsEntry("Allow", "GET, HEAD, POST");
      assertThat(format.read(response.body())).containsEntry("message", "this path allows GET, HEAD and POST only");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void headIsAnsweredAsGetWithoutABody(Format format) {
    EndpointResponse get = endpoint.handle(Requests.get(format).as(tenants.admin).build());
    EndpointResponse head = endpoint.handle(Requests.get(format).as(tenants.admin).method("HEAD").build());
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isNotEmpty();
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers()).isEqualTo(get.headers());
    assertThat(head.body()).isEmpty();

    EndpointResponse refused = endpoint.handle(Requests.get(format).method("HEAD").build());
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers()).containsEntry("WWW-Authenticate", EndpointResponse.CHALLENGE);
    assertThat(refused.body()).isEmpty();

    EndpointResponse onAKey = endpoint.handle(Requests.delete(format, "dashboard").as(tenants.admin).method("HEAD").build());
    assertThat(onAKey.status()).isEqualTo(405);
    assertThat(onAKey.headers()).containsEntry("Allow", "DELETE");
    assertThat(onAKey.body()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyAnswerNamesItsHeadersAndOnlyA401Challenges(Format format) {
    EndpointResponse refused = endpoint.handle(Requests.post(format).body(format.write(Requests.fields("name", "ci", "role", "viewer"))).build());
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers()).containsExactly(
        org.assertj.core.api.Assertions.entry("Content-Type", format.codec.contentType()),
        org.assertj.core.api.Assertions.entry("Cache-Control", "no-store"),
        org.assertj.core.api.Assertions.entry("WWW-Authenticate",
            "ApiKey realm=\"apikeys\", key-header=\"x-bytebeam-api-key\", tenant-header=\"x-bytebeam-tenant\""));
    EndpointResponse created = endpoint.handle(Requests.post(format).as(tenants.admin).body(format.write(Requests.fields("name", "ci", "role", "viewer"))).build());
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.headers()).containsOnlyKeys("Content-Type", "Cache-Control").containsEntry("Cache-Control", "no-store");
    EndpointResponse forbidden = endpoint.handle(Requests.get(format).as(tenants.admin).method("PUT").build());
    assertThat(forbidden.headers()).containsOnlyKeys("Content-Type", "Cache-Control", "Allow");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersMethodNotAllowedWithAllowDeleteOnAKey(Format format) {
    for (String method : List.of("GET", "POST", "PUT", "PATCH", "OPTIONS", "delete")) {
      EndpointResponse response = endpoint.handle(Requests.delete(format, "ci").as(tenants.admin).method(method).build());
      assertError(response, format, ErrorCode.METHOD_NOT_ALLOWED);
      assertThat(response.allow()).as(method).contains("DELETE");
      assertThat(format.read(response.body())).containsEntry("message", "this path allows DELETE only");
    }
  }

  @Test
  void ignoresAQueryString() {
    EndpointResponse response = endpoint.handle(Requests.post(Format.JSON).as(tenants.admin).path(ApikeyEndpoint.PATH + "?x=1")
        .body(Format.JSON.write(Requests.fields("name", "ci", "role", "viewer"))).build());

    assertThat(response.status()).isEqualTo(200);
  }

  // --- 406 not-acceptable ---------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersNotAcceptableInTheDefaultFormatWhenAcceptListsOnlyUnsupportedTypes(Format defaultFormat) {
    ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(tenants.service)
        .defaultMediaType(defaultFormat.codec.mediaType()).build();
    for (String accept : List.of("text/html", "application/xml, text/*;q=0.5", "application/json;q=0, application/transit+json;q=0,"
        + " application/transit+msgpack;q=0, application/edn;q=0")) {
      EndpointResponse response = endpoint.handle(Requests.post(Format.JSON).as(tenants.admin).header("Accept", accept)
          .body(Format.JSON.write(Requests.fields("name", "ci", "role", "viewer"))).build());

      assertError(response, defaultFormat, ErrorCode.NOT_ACCEPTABLE);
    }
    assertThat(tenants.store.list(Tenants.ACME)).extracting(k -> k.name()).doesNotContain("ci");
  }

  // --- 409 name-taken -------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesANameAlreadyUsedInTheTenant(Format format) {
    assertThat(post(format, tenants.admin, Requests.fields("name", "ci", "role", "viewer")).status()).isEqualTo(200);

    assertError(post(format, tenants.admin, Requests.fields("name", "ci", "role", "operator")), format, ErrorCode.NAME_TAKEN);
    EndpointResponse otherTenant = endpoint.handle(Requests.post(format).as(tenants.globexAdmin)
        .header(ApikeyEndpoint.TENANT_HEADER, Tenants.GLOBEX).body(format.write(Requests.fields("name", "ci", "role", "viewer"))).build());
    assertThat(otherTenant.status()).as("the same name in another tenant").isEqualTo(200);
  }

  // --- 413 body-too-large ---------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesABodyOverTheDefaultLimitOf64KiB(Format format) {
    byte[] atLimit = padded(format, ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES);
    byte[] overLimit = padded(format, ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES + 1);

    assertThat(endpoint.handle(Requests.post(format).as(tenants.admin).body(atLimit).build()).status())
        .as("decoded, not refused").isEqualTo(atLimitStatus(format));
    assertError(endpoint.handle(Requests.post(format).as(tenants.admin).body(overLimit).build()), format, ErrorCode.BODY_TOO_LARGE);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesABodyOverAConfiguredLimit(Format format) {
    ApikeyEndpoint small = ApikeyEndpoint.builder().service(tenants.service).maxBodyBytes(100).build();

    assertThat(small.handle(Requests.post(format).as(tenants.admin).body(padded(format, 100)).build()).status())
        .as("decoded, not refused").isEqualTo(atLimitStatus(format));
    assertError(small.handle(Requests.post(format).as(tenants.admin).body(padded(format, 101)).build()), format,
        ErrorCode.BODY_TOO_LARGE);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void readsAnEndlessBodyNoFurtherThanTheLimitPlusOneByte(Format format) {
    AtomicLong read = new AtomicLong();
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        read.incrementAndGet();
        return ' ';
      }
    };
    EndpointRequest request = Requests.post(format).as(tenants.admin).build();
    EndpointResponse response = endpoint.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH, request.headers(), endless));

    assertError(response, format, ErrorCode.BODY_TOO_LARGE);
    assertThat(read.get()).isEqualTo(ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES + 1);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesADeclaredContentLengthOverTheLimitWithoutReadingTheBody(Format format) {
    InputStream untouchable = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the body was read");
      }
    };
    EndpointRequest request = Requests.post(format).as(tenants.admin).header("Content-Length", "65537").build();
    EndpointResponse response = endpoint.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH, request.headers(), untouchable));

    assertError(response, format, ErrorCode.BODY_TOO_LARGE);
  }

  @Test
  void aDeclaredLengthAtTheLimitIsReadAndOneOfEighteenDigitsIsRefusedUnread() {
    Format format = Format.JSON;
    ApikeyEndpoint small = ApikeyEndpoint.builder().service(tenants.service).maxBodyBytes(100).build();
    EndpointRequest atLimit = Requests.post(format).as(tenants.admin).header("Content-Length", "100").build();
    EndpointResponse read = small.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH, atLimit.headers(),
        new java.io.ByteArrayInputStream(padded(format, 100))));
    assertThat(read.status()).as("a stream of exactly the limit is read").isEqualTo(200);

    InputStream untouchable = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the body was read");
      }
    };
    for (String declared : new String[] {"90000", "100000000000000000", "101"}) {
      EndpointRequest request = Requests.post(format).as(tenants.admin).header("Content-Length", declared).build();
      assertError(small.handle(EndpointRequest.ofStream("POST", ApikeyEndpoint.PATH, request.headers(), untouchable)),
          format, ErrorCode.BODY_TOO_LARGE);
    }
  }

  @Test
  void theBodyLimitIsFromOneByteToSixteenMebibytes() {
    ApikeyEndpoint.builder().maxBodyBytes(1);
    ApikeyEndpoint.builder().maxBodyBytes(16 * 1024 * 1024);
    assertThatThrownBy(() -> ApikeyEndpoint.builder().maxBodyBytes(16 * 1024 * 1024 + 1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** White space after a value is fine in the text formats; in msgpack the padding is trailing data. */
  private static int atLimitStatus(Format format) {
    return format.isText() ? 200 : 400;
  }

  /** A body of exactly {@code size} bytes: a valid request followed by white space, or in msgpack by nils. */
  private static byte[] padded(Format format, int size) {
    byte[] request = format.write(Requests.fields("name", "ci", "role", "viewer"));
    byte[] body = java.util.Arrays.copyOf(request, size);
    java.util.Arrays.fill(body, request.length, size, format.isText() ? (byte) ' ' : (byte) 0xc0);
    return body;
  }

  // --- 415 unsupported-media-type -------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesAMissingUnsupportedOrNonUtf8ContentType(Format format) {
    byte[] body = format.write(Requests.fields("name", "ci", "role", "viewer"));
    List<Requests> requests = List.of(
        Requests.post(format).without("Content-Type"),
        Requests.post(format).header("Content-Type", "text/plain"),
        Requests.post(format).header("Content-Type", "application/x-www-form-urlencoded"),
        Requests.post(format).header("Content-Type", "application/*"),
        Requests.post(format).header("Content-Type", "application json"),
        Requests.post(format).header("Content-Type", format.mediaType() + "; charset=iso-8859-1"),
        Requests.post(format).header("Content-Type", format.mediaType() + "; charset=utf-16"));
    for (Requests r : requests) {
      assertError(endpoint.handle(r.as(tenants.admin).body(body).build()), format, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void acceptsAContentTypeInAnyCaseWithParametersAndAUtf8Charset(Format format) {
    String type = format.mediaType().toUpperCase(java.util.Locale.ROOT) + "; Charset=\"UTF-8\"; profile=x";
    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin).header("content-type", type)
        .body(format.write(Requests.fields("name", "ci", "role", "viewer"))).build());

    assertThat(response.status()).isEqualTo(200);
  }

  // --- 503 storage-unavailable ----------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersStorageUnavailableWhenTheStoreFailsAndWritesNothing(Format format) {
    List<Throwable> logged = new ArrayList<>();
    ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(tenants.service).errorListener(logged::add).build();
    tenants.store.failInserts = true;

    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(format.write(Requests.fields("name", "ci", "role", "viewer"))).build());

    assertError(response, format, ErrorCode.STORAGE_UNAVAILABLE);
    assertThat(format.show(response.body())).doesNotContain("db.internal");
    assertThat(logged).singleElement().satisfies(t -> assertThat(t.getCause()).hasMessageContaining("db.internal"));
    tenants.store.failInserts = false;
    assertThat(tenants.store.list(Tenants.ACME)).extracting(k -> k.name()).doesNotContain("ci");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersStorageUnavailableWhenTheStoreFailsDuringAuthentication(Format format) {
    tenants.store.failLookups = true;

    assertError(post(format, tenants.admin, Requests.fields("name", "ci", "role", "viewer")), format, ErrorCode.STORAGE_UNAVAILABLE);
  }

  // --- 500 internal ---------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersInternalWithNeitherDetailsNorSecretsWhenSomethingUnexpectedFails(Format format) {
    String secret = tenants.admin.key().toString();
    tenants.keys.next = () -> {
      throw new IllegalStateException("generator exploded next to " + secret);
    };
    List<Throwable> logged = new ArrayList<>();
    ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(tenants.service).errorListener(logged::add).build();

    EndpointResponse response = post(endpoint, format, tenants.admin, Requests.fields("name", "ci", "role", "viewer"));

    assertError(response, format, ErrorCode.INTERNAL);
    assertThat(format.read(response.body())).containsOnlyKeys("error", "message")
        .containsEntry("message", "an unexpected error occurred");
    assertThat(format.show(response.body())).doesNotContain(secret, "exploded", "IllegalStateException", "at dev.");
    assertThat(logged).singleElement().isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersInternalWhenTheServiceGivesUpWithoutPassingOnItsMessage(Format format) {
    UUID taken = tenants.admin.key();
    tenants.keys.next = () -> taken; // every new key is in use: the service gives up with an INTERNAL error
    List<Throwable> logged = new ArrayList<>();
    ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(tenants.service).errorListener(logged::add).build();

    EndpointResponse response = post(endpoint, format, tenants.admin, Requests.fields("name", "ci", "role", "viewer"));

    assertError(response, format, ErrorCode.INTERNAL);
    assertThat(format.read(response.body())).containsEntry("message", "an unexpected error occurred");
    assertThat(logged).singleElement().isInstanceOf(ApikeyException.class);
  }

  @Test
  void answersInternalWhenTheHostsHeaderLookupFails() {
    EndpointResponse response = endpoint.handle(EndpointRequest.of("POST", ApikeyEndpoint.PATH, name -> {
      throw new UnsupportedOperationException("header " + name);
    }, new byte[0]));

    assertError(response, Format.JSON, ErrorCode.INTERNAL);
  }

  @Test
  void aFailingErrorListenerDoesNotChangeTheAnswer() {
    ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(tenants.service).errorListener(t -> {
      throw new IllegalStateException("log full");
    }).build();
    tenants.store.failInserts = true;

    EndpointResponse response = endpoint.handle(Requests.post(Format.JSON).as(tenants.admin)
        .body(Format.JSON.write(Requests.fields("name", "ci", "role", "viewer"))).build());

    assertError(response, Format.JSON, ErrorCode.STORAGE_UNAVAILABLE);
  }
}
