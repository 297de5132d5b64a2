package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.spi.KeyDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rotation ({@code POST /api/v1/apikeys/{name}/rotate}) through {@link ApikeyEndpoint} in each of
 * the four formats, the answers read back with each format's own library.
 */
class RotationEndpointTest {
  private final Tenants tenants = new Tenants();
  private final ApikeyEndpoint endpoint = tenants.endpoint();

  private static Requests rotation(Format format, String rawName) {
    return Requests.post(format).path(ApikeyEndpoint.PATH + "/" + rawName + "/rotate");
  }

  private EndpointResponse rotate(Format format, CreatedApikey caller, String rawName, Map<String, ?> body) {
    return endpoint.handle(rotation(format, rawName).as(caller).body(format.write(body)).build());
  }

  private CreatedApikey create(String name, String role) {
    return tenants.service.createBootstrapKey(Tenants.ACME, new ApikeyRequest(name, role));
  }

  private boolean authenticates(UUID key) {
    EndpointResponse list = endpoint.handle(Requests.get(Format.JSON).header(ApikeyEndpoint.API_KEY_HEADER, key.toString()).build());
    return list.status() == 200;
  }

  private static Map<String, Object> ok(EndpointResponse response, Format format) {
    assertThat(response.status()).as(format.show(response.body())).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo(format.codec.contentType());
    assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
    assertThat(format.keysAreKeywords(response.body())).isEqualTo(format != Format.JSON);
    return format.read(response.body());
  }

  private static void assertError(EndpointResponse response, Format format, ErrorCode code) {
    assertThat(response.status()).as(format.show(response.body())).isEqualTo(code.status());
    assertThat(response.contentType()).isEqualTo(format.codec.contentType());
    assertThat(format.read(response.body()).get("error")).isEqualTo(code.code());
  }

  @SuppressWarnings("unchecked")
  private static List<List<Object>> violations(EndpointResponse response, Format format) {
    assertError(response, format, ErrorCode.INVALID_REQUEST);
    return ((List<Map<String, Object>>) format.read(response.body()).get("violations")).stream()
        .map(v -> List.of(v.get("field"), v.get("code"))).toList();
  }

  private static UUID key(Format format, Map<String, Object> answer) {
    Object key = answer.get("key");
    if (format == Format.JSON) {
      return UUID.fromString((String) key);
    }
    assertThat(key).as("the format's own UUID type").isInstanceOf(UUID.class);
    return (UUID) key;
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersTheNewKeyAndWhenThePreviousOneStopsWithEveryFieldInOrder(Format format) {
    CreatedApikey ci = create("ci", "operator");
    Map<String, Object> answer = ok(rotate(format, tenants.admin, "ci", Requests.fields("grace-seconds", 3600)), format);

    assertThat(answer).containsOnlyKeys("role", "name", "key", "created-by", "previous-key-expires-at");
    if (format == Format.JSON) { // the other readers keep no order: writesTheAnswerInTheSpecsOrder looks at the bytes
      assertThat(new ArrayList<>(answer.keySet())).containsExactly("role", "name", "key", "created-by", "previous-key-expires-at");
    }
    assertThat(answer).containsEntry("role", "operator").containsEntry("name", "ci")
        .containsEntry("created-by", "key:" + KeyDigest.ofKey(tenants.admin.key()).fingerprint())
        .containsEntry("previous-key-expires-at", format.instant(Tenants.START.plus(Duration.ofHours(1))));
    UUID rotated = key(format, answer);
    assertThat(rotated).isNotEqualTo(ci.key());
    assertThat(authenticates(rotated)).isTrue();
    assertThat(authenticates(ci.key())).isTrue();
    tenants.clock.advance(Duration.ofHours(1));
    assertThat(authenticates(ci.key())).isFalse();
    assertThat(authenticates(rotated)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesTheAnswerInTheSpecsOrder(Format format) {
    create("ci", "viewer");
    // Field names are plain in every format's bytes, msgpack's too: "key" in JSON, :key or ~:key elsewhere.
    String bytes = new String(rotate(format, tenants.admin, "ci", Map.of()).body(), java.nio.charset.StandardCharsets.ISO_8859_1);
    List<Integer> at = new ArrayList<>();
    for (String field : List.of("role", "name", "key", "created-by", "previous-key-expires-at")) {
      at.add(bytes.indexOf(format == Format.JSON ? "\"" + field + "\"" : ":" + field));
    }
    assertThat(at).as(format.show(bytes.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).doesNotContain(-1).isSorted();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void noBodyOrAnEmptyOneTakesTheDefaultsWhateverItsContentType(Format format) {
    CreatedApikey ci = create("ci", "viewer");
    EndpointResponse bare = endpoint.handle(rotation(format, "ci").without("Content-Type").as(tenants.admin).build());
    assertThat(ok(bare, format)).containsEntry("previous-key-expires-at", format.instant(Tenants.START));
    assertThat(authenticates(ci.key())).isFalse();
    EndpointResponse typedButEmpty = endpoint.handle(rotation(format, "ci").as(tenants.admin).build());
    assertThat(ok(typedButEmpty, format)).containsEntry("name", "ci");
    // curl -X POST -d '' sends application/x-www-form-urlencoded: an empty body all the same.
    EndpointResponse formButEmpty = endpoint.handle(rotation(format, "ci")
        .header("Content-Type", "application/x-www-form-urlencoded").as(tenants.admin).build());
    assertThat(ok(formButEmpty, format)).containsEntry("name", "ci");
    EndpointResponse emptyMap = rotate(format, tenants.admin, "ci", Map.of());
    assertThat(ok(emptyMap, format)).containsEntry("previous-key-expires-at", format.instant(Tenants.START));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void theNewKeyTakesAnExpiryInTheFormatsOwnTimestampAndTheListingShowsThePreviousKeysEnd(Format format) {
    create("ci", "viewer");
    Instant expiry = Tenants.START.plus(Duration.ofDays(30));
    ok(rotate(format, tenants.admin, "ci", Requests.fields("expires-at", format.instant(expiry), "grace-seconds", 600)), format);

    Map<String, Object> page = ok(endpoint.handle(Requests.get(format).as(tenants.admin).build()), format);
    @SuppressWarnings("unchecked")
    Map<String, Object> ci = ((List<Map<String, Object>>) page.get("keys")).get(0);
    assertThat(ci).containsEntry("name", "ci").containsEntry("expires-at", format.instant(expiry))
        .containsEntry("previous-key-expires-at", format.instant(Tenants.START.plus(Duration.ofMinutes(10))));
    tenants.clock.advance(Duration.ofMinutes(10));
    @SuppressWarnings("unchecked")
    Map<String, Object> later = ((List<Map<String, Object>>) ok(endpoint.handle(Requests.get(format).as(tenants.admin).build()), format)
        .get("keys")).get(0);
    assertThat(later).doesNotContainKey("previous-key-expires-at");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void reportsEveryViolationAtOnceAndRotatesNothing(Format format) {
    CreatedApikey ci = create("ci", "viewer");
    assertThat(violations(rotate(format, tenants.admin, "ci", Requests.fields("grace-seconds", "60", "role", "admin", "name", "x")), format))
        .containsExactly(List.of("grace-seconds", "wrong-type"), List.of("role", "unknown-field"), List.of("name", "unknown-field"));
    assertThat(violations(rotate(format, tenants.admin, "ci", Requests.fields("grace-seconds", 604801)), format))
        .containsExactly(List.of("grace-seconds", "out-of-range"));
    assertThat(violations(rotate(format, tenants.admin, "ci", Requests.fields("grace-seconds", -1)), format))
        .containsExactly(List.of("grace-seconds", "out-of-range"));
    assertThat(violations(rotate(format, tenants.admin, "ci", Requests.fields("grace-seconds", 60.0)), format))
        .containsExactly(List.of("grace-seconds", "wrong-type"));
    assertThat(violations(rotate(format, tenants.admin, "ci", Requests.fields("grace-seconds", new java.math.BigInteger("99999999999999999999"))), format))
        .containsExactly(List.of("grace-seconds", "out-of-range"));
    assertThat(violations(rotate(format, tenants.admin, "ci", Requests.fields("expires-at", format.instant(Tenants.START))), format))
        .containsExactly(List.of("expires-at", "not-in-future"));
    assertThat(violations(rotate(format, tenants.admin, "ci", Requests.fields("grace-seconds", true, "expires-at", 5)), format))
        .containsExactly(List.of("grace-seconds", "wrong-type"), List.of("expires-at", "wrong-type"));
    assertThat(authenticates(ci.key())).isTrue();
    assertThat(ok(rotate(format, tenants.admin, "ci", Requests.fields("grace-seconds", null)), format))
        .containsEntry("previous-key-expires-at", format.instant(Tenants.START));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aBodyNeedsASupportedContentTypeAndMustDecodeAndFitTheLimit(Format format) {
    CreatedApikey ci = create("ci", "viewer");
    byte[] body = format.write(Requests.fields("grace-seconds", 60));
    assertError(endpoint.handle(rotation(format, "ci").without("Content-Type").as(tenants.admin).body(body).build()),
        format, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    assertError(endpoint.handle(rotation(format, "ci").header("Content-Type", "text/plain").as(tenants.admin).body(body).build()),
        format, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    assertError(endpoint.handle(rotation(format, "ci").as(tenants.admin).body("{".getBytes(UTF_8)).build()),
        format, ErrorCode.MALFORMED_BODY);
    assertError(endpoint.handle(rotation(format, "ci").as(tenants.admin).body(new byte[ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES + 1]).build()),
        format, ErrorCode.BODY_TOO_LARGE);
    assertThat(authenticates(ci.key())).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void checksAuthenticationFirstThenTheRoleThenTheName(Format format) {
    create("ci", "admin");
    EndpointResponse anonymous = endpoint.handle(rotation(format, "nobody").build());
    assertError(anonymous, format, ErrorCode.UNAUTHENTICATED);
    assertThat(anonymous.headers()).containsKey("WWW-Authenticate");
    assertError(rotate(format, tenants.viewer, "nobody", Map.of()), format, ErrorCode.FORBIDDEN);
    assertError(rotate(format, tenants.viewer, "dashboard", Map.of()), format, ErrorCode.FORBIDDEN);
    assertError(rotate(format, tenants.operator, "ci", Map.of()), format, ErrorCode.FORBIDDEN);
    assertError(rotate(format, tenants.admin, "nobody", Map.of()), format, ErrorCode.NOT_FOUND);
    assertError(rotate(format, tenants.globexAdmin, "ci", Map.of()), format, ErrorCode.UNAUTHENTICATED);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void allowsOnlyPostOnTheRotationPath(Format format) {
    create("ci", "viewer");
    for (String method : List.of("GET", "HEAD", "DELETE", "PUT", "PATCH")) {
      EndpointResponse response = endpoint.handle(rotation(format, "ci").method(method).as(tenants.admin).build());
      assertThat(response.status()).as(method).isEqualTo(405);
      assertThat(response.allow()).contains("POST");
      assertThat(response.headers()).containsEntry("Allow", "POST");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aNameWithASlashIsRotatedAndRevokedPercentEncodedAndOtherPathsAreNotFound(Format format) {
    CreatedApikey slashed = create("a/rotate", "viewer");
    CreatedApikey plain = create("a", "viewer");
    ok(rotate(format, tenants.admin, "a%2Frotate", Map.of()), format);
    assertThat(authenticates(slashed.key())).isFalse();
    assertThat(authenticates(plain.key())).isTrue();
    ok(endpoint.handle(Requests.delete(format, "a%2Frotate").as(tenants.admin).build()), format);
    assertThat(authenticates(plain.key())).isTrue();
    for (String path : List.of("/a/b/rotate", "//rotate", "/a/rotate/", "/a/rotat", "/a/Rotate", "/a/rotate/x")) {
      assertError(endpoint.handle(Requests.post(format).path(ApikeyEndpoint.PATH + path).as(tenants.admin).build()),
          format, ErrorCode.NOT_FOUND);
    }
    assertError(rotate(format, tenants.admin, "%ZZ", Map.of()), format, ErrorCode.INVALID_REQUEST);
  }
}
