package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Listing ({@code GET /api/v1/apikeys}), revoking ({@code DELETE /api/v1/apikeys/{name}}) and
 * expiry ({@code expires-at}) through {@link ApikeyEndpoint}, in each of the four formats, the
 * answers read back with each format's own library.
 */
class KeyLifecycleEndpointTest {
  private final Tenants tenants = new Tenants();
  private final ApikeyEndpoint endpoint = tenants.endpoint();

  private EndpointResponse list(Format format, CreatedApikey caller, String rawQuery) {
    Requests request = Requests.get(format).as(caller);
    return endpoint.handle((rawQuery == null ? request : request.query(rawQuery)).build());
  }

  private EndpointResponse revoke(Format format, CreatedApikey caller, String rawName) {
    return endpoint.handle(Requests.delete(format, rawName).as(caller).build());
  }

  private CreatedApikey create(String name, String role) {
    return tenants.service.createBootstrapKey(Tenants.ACME, new ApikeyRequest(name, role));
  }

  private static Map<String, Object> ok(EndpointResponse response, Format format) {
    assertThat(response.status()).as(format.show(response.body())).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo(format.codec.contentType());
    assertThat(format.keysAreKeywords(response.body())).isEqualTo(format != Format.JSON);
    return format.read(response.body());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> keys(Map<String, Object> page) {
    return (List<Map<String, Object>>) page.get("keys");
  }

  private static List<Object> names(Map<String, Object> page) {
    return keys(page).stream().map(k -> k.get("name")).toList();
  }

  private static void assertError(EndpointResponse response, Format format, ErrorCode code) {
    assertThat(response.status()).as(format.show(response.body())).isEqualTo(code.status());
    assertThat(response.contentType()).isEqualTo(format.codec.contentType());
    assertThat(format.read(response.body()).get("error")).isEqualTo(code.code());
    assertThat(format.keysAreKeywords(response.body())).isEqualTo(format != Format.JSON);
  }

  /** These fields and no others; in this order where the reader keeps it (the order of the bytes is CodecTest's). */
  private static void assertFields(Format format, Map<String, Object> map, String... names) {
    if (format == Format.JSON) {
      assertThat(new ArrayList<>(map.keySet())).containsExactly(names);
    } else {
      assertThat(map).containsOnlyKeys(names);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<List<Object>> violations(EndpointResponse response, Format format) {
    assertError(response, format, ErrorCode.INVALID_REQUEST);
    return ((List<Map<String, Object>>) format.read(response.body()).get("violations")).stream()
        .map(v -> List.of(v.get("field"), v.get("code"))).toList();
  }

  // --- list -----------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void listsTheCallersTenantByNameWithEveryFieldInOrderForAnyRole(Format format) {
    Map<String, Object> page = ok(list(format, tenants.viewer, null), format);

    assertThat(page).containsOnlyKeys("keys");
    assertThat(names(page)).containsExactly("dashboard", "ops", "root");
    Map<String, Object> root = keys(page).get(2);
    assertFields(format, root, "name", "role", "id", "hint", "created-by", "created-at");
    assertThat(root).containsEntry("role", "admin")
        .containsEntry("id", tenants.service.authenticate(Tenants.ACME, tenants.admin.key().toString()).id())
        .containsEntry("hint", tenants.admin.key().toString().substring(32))
        .containsEntry("created-by", ApikeyService.BOOTSTRAP_CREATOR)
        .containsEntry("created-at", format.instant(Tenants.START));
    assertThat(format.show(list(format, tenants.viewer, null).body())).as("the same bytes every time")
        .isEqualTo(format.show(list(format, tenants.admin, null).body()))
        .doesNotContain(tenants.admin.key().toString(), tenants.viewer.key().toString());
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void pagesThroughTheTenantWithLimitAndTheNextOfEachPage(Format format) {
    for (String name : List.of("b", "a", "é", "z z", "Z", "ci/cd", "100%")) {
      create(name, "viewer");
    }
    List<List<Object>> pages = new ArrayList<>();
    String next = null;
    do {
      String query = "limit=3" + (next == null ? "" : "&after=" + java.net.URLEncoder.encode(next, UTF_8));
      Map<String, Object> page = ok(list(format, tenants.operator, query), format);
      pages.add(names(page));
      next = (String) page.get("next");
      if (next != null) {
        assertThat(next).isEqualTo(names(page).get(names(page).size() - 1));
      }
    } while (next != null);

    assertThat(pages).containsExactly(List.of("100%", "Z", "a"), List.of("b", "ci/cd", "dashboard"), List.of("ops", "root", "z z"),
        List.of("é"));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersAnEmptyPageWithoutNextPastTheLastName(Format format) {
    assertThat(ok(list(format, tenants.admin, "after=zzz"), format)).isEqualTo(Map.of("keys", List.of()));
    assertThat(ok(list(format, tenants.admin, "limit=3&after=root"), format)).isEqualTo(Map.of("keys", List.of()));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void listsOnlyTheCallersTenant(Format format) {
    Map<String, Object> page = ok(endpoint.handle(Requests.get(format).as(tenants.globexAdmin)
        .header(ApikeyEndpoint.TENANT_HEADER, Tenants.GLOBEX).build()), format);

    assertThat(names(page)).containsExactly("root");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void showsExpiryAndLastUseWhenAKeyHasThem(Format format) {
    Instant expiry = Tenants.START.plus(Duration.ofDays(30)).plusNanos(123_456_789);
    CreatedApikey temp = tenants.service.createBootstrapKey(Tenants.ACME, new ApikeyRequest("temp", "viewer", expiry));
    try (ApikeyService tracking = ApikeyService.builder().store(tenants.store).clock(tenants.clock)
        .lastUseInterval(Duration.ofMinutes(1)).build()) {
      tenants.clock.advance(Duration.ofSeconds(90).plusNanos(987_654_321));
      ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(tracking).build();
      endpoint.handle(Requests.get(format).as(temp).build());
      tracking.flushLastUse();

      Map<String, Object> listed = keys(ok(endpoint.handle(Requests.get(format).as(tenants.admin).query("after=subsequent").build()),
          format)).get(0);

      assertThat(listed.get("name")).isEqualTo("temp");
      assertFields(format, listed, "name", "role", "id", "hint", "created-by", "created-at", "expires-at", "last-used-at");
      assertThat(listed.get("expires-at")).isEqualTo(format.instant(Instant.parse("2026-02-01T03:04:05.123Z")));
      assertThat(listed.get("last-used-at")).isEqualTo(format.instant(Instant.parse("2026-01-02T03:05:35.987Z")));
    }
  }

  @Test
  void readsLimitAndAfterPercentDecodedWithPlusAsASpace() {
    create("deploy bot", "viewer");
    create("deploy+bot", "viewer");
    create("ü", "viewer");

    assertThat(names(ok(list(Format.JSON, tenants.admin, "after=deploy+bot&limit=1"), Format.JSON))).containsExactly("deploy+bot");
    assertThat(names(ok(list(Format.JSON, tenants.admin, "after=deploy%2Bbot&%6cimit=%31"), Format.JSON))).containsExactly("ops");
    assertThat(names(ok(list(Format.JSON, tenants.admin, "after=root"), Format.JSON))).containsExactly("ü");
    assertThat(names(ok(list(Format.JSON, tenants.admin, "after=%C3%BB"), Format.JSON))).containsExactly("ü");
    assertThat(names(ok(list(Format.JSON, tenants.admin, "after=&limit=1000&"), Format.JSON))).hasSize(6);
    assertThat(names(ok(list(Format.JSON, tenants.admin, "&&limit=007"), Format.JSON))).hasSize(6);
  }

  @Test
  void takesTheFirstHundredKeysWithoutALimit() {
    for (int i = 0; i < 120; i++) {
      create(String.format("k%03d", i), "viewer");
    }

    Map<String, Object> page = ok(list(Format.JSON, tenants.admin, null), Format.JSON);

    assertThat(keys(page)).hasSize(ApikeyEndpoint.DEFAULT_LIMIT);
    assertThat(page.get("next")).isEqualTo("k098"); // dashboard, k000 … k098
  }

  static Stream<Arguments> badQueries() {
    List<Arguments> args = new ArrayList<>();
    for (Format f : Format.values()) {
      args.add(Arguments.of(f, "limit=0", List.of(List.of("limit", "out-of-range"))));
      args.add(Arguments.of(f, "limit=1001", List.of(List.of("limit", "out-of-range"))));
      args.add(Arguments.of(f, "limit=-1", List.of(List.of("limit", "out-of-range"))));
      args.add(Arguments.of(f, "limit=99999999999999999999", List.of(List.of("limit", "out-of-range"))));
      args.add(Arguments.of(f, "limit=ten", List.of(List.of("limit", "wrong-type"))));
      args.add(Arguments.of(f, "limit=1.5", List.of(List.of("limit", "wrong-type"))));
      args.add(Arguments.of(f, "limit=+5", List.of(List.of("limit", "wrong-type"))));
      args.add(Arguments.of(f, "limit=", List.of(List.of("limit", "empty"))));
      args.add(Arguments.of(f, "limit", List.of(List.of("limit", "empty"))));
      args.add(Arguments.of(f, "limit=%zz", List.of(List.of("limit", "invalid-encoding"))));
      args.add(Arguments.of(f, "limit=1&limit=2", List.of(List.of("limit", "wrong-type"))));
      args.add(Arguments.of(f, "after=%FF", List.of(List.of("after", "invalid-encoding"))));
      args.add(Arguments.of(f, "after=%C3", List.of(List.of("after", "invalid-encoding"))));
      args.add(Arguments.of(f, "after=%", List.of(List.of("after", "invalid-encoding"))));
      args.add(Arguments.of(f, "after=%00", List.of(List.of("after", "invalid-character"))));
      args.add(Arguments.of(f, "after=" + "x".repeat(129), List.of(List.of("after", "too-long"))));
      args.add(Arguments.of(f, "after=a&after=b", List.of(List.of("after", "wrong-type"))));
      args.add(Arguments.of(f, "offset=5&Limit=2&limit=2", List.of(List.of("offset", "unknown-field"), List.of("Limit", "unknown-field"))));
      args.add(Arguments.of(f, "after=%00&limit=0&x", List.of(List.of("limit", "out-of-range"), List.of("after", "invalid-character"),
          List.of("x", "unknown-field"))));
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badQueries")
  void refusesABadQueryWithOneViolationPerParameter(Format format, String query, List<List<Object>> expected) {
    assertThat(violations(list(format, tenants.admin, query), format)).isEqualTo(expected);
  }

  @Test
  void acceptsALongestNameAsAfter() {
    assertThat(list(Format.JSON, tenants.admin, "after=" + "x".repeat(128)).status()).isEqualTo(200);
    assertThat(list(Format.JSON, tenants.admin, "after=" + "%F0%9F%9A%80".repeat(128)).status()).as("128 code points").isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void listsWithoutReadingABodyOrCaringForItsContentType(Format format) {
    InputStream untouchable = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the body was read");
      }
    };
    EndpointRequest headers = Requests.get(format).as(tenants.admin).header("Content-Type", "text/plain").build();

    EndpointResponse response = endpoint.handle(EndpointRequest.ofStream("GET", ApikeyEndpoint.PATH, headers.headers(), untouchable));

    assertThat(ok(response, format)).containsKey("keys");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void checksAcceptThenAuthenticationThenTheQuery(Format format) {
    assertThat(endpoint.handle(Requests.get(format).as(tenants.admin).header("Accept", "text/html").query("limit=0").build()).status())
        .isEqualTo(406);
    assertError(endpoint.handle(Requests.get(format).query("limit=0").build()), format, ErrorCode.UNAUTHENTICATED);
    assertThat(endpoint.handle(Requests.get(format).query("limit=0").build()).body())
        .as("the same bytes as any 401").isEqualTo(endpoint.handle(Requests.post(format).build()).body());
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersStorageUnavailableWhenTheStoreFailsToList(Format format) {
    List<Throwable> logged = new ArrayList<>();
    ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(tenants.service).errorListener(logged::add).build();
    tenants.store.failLists = true;

    EndpointResponse response = endpoint.handle(Requests.get(format).as(tenants.admin).build());

    assertError(response, format, ErrorCode.STORAGE_UNAVAILABLE);
    assertThat(format.show(response.body())).doesNotContain("db.internal");
    assertThat(logged).hasSize(1);
  }

  // --- revoke ---------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void revokesAKeyThatThenNoLongerAuthenticates(Format format) {
    EndpointResponse response = revoke(format, tenants.admin, "ops");

    assertThat(ok(response, format)).isEqualTo(Map.of("name", "ops", "revoked", true));
    assertFields(format, ok(response, format), "name", "revoked");
    assertError(endpoint.handle(Requests.post(format).as(tenants.operator).body(format.write(Requests.fields("name", "x", "role", "viewer")))
        .build()), format, ErrorCode.UNAUTHENTICATED);
    assertError(list(format, tenants.operator, null), format, ErrorCode.UNAUTHENTICATED);
    assertThat(names(ok(list(format, tenants.admin, null), format))).containsExactly("dashboard", "root");
    assertError(revoke(format, tenants.admin, "ops"), format, ErrorCode.NOT_FOUND);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersNotFoundForANameTheTenantDoesNotHave(Format format) {
    EndpointResponse response = revoke(format, tenants.admin, "nobody");

    assertError(response, format, ErrorCode.NOT_FOUND);
    assertThat(format.read(response.body())).containsEntry("message", "the tenant has no API key of this name");
    assertError(endpoint.handle(Requests.delete(format, "dashboard").as(tenants.globexAdmin)
        .header(ApikeyEndpoint.TENANT_HEADER, Tenants.GLOBEX).build()), format, ErrorCode.NOT_FOUND);
    assertThat(tenants.store.list(Tenants.ACME)).extracting(k -> k.name()).contains("dashboard");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void forbidsARoleThatMayNotRevokeOrARoleAboveTheCallersOwn(Format format) {
    assertError(revoke(format, tenants.viewer, "ops"), format, ErrorCode.FORBIDDEN);
    assertError(revoke(format, tenants.viewer, "nobody"), format, ErrorCode.FORBIDDEN);
    assertError(revoke(format, tenants.operator, "root"), format, ErrorCode.FORBIDDEN);
    assertThat(tenants.store.list(Tenants.ACME)).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesToRevokeTheTenantsLastAdministrator(Format format) {
    EndpointResponse response = revoke(format, tenants.admin, "root");

    assertError(response, format, ErrorCode.LAST_ADMINISTRATOR);
    assertThat(response.status()).isEqualTo(409);
    assertThat(tenants.service.authenticate(Tenants.ACME, tenants.admin.key().toString()).role()).isEqualTo("admin");
    CreatedApikey second = create("second-admin", "admin");
    assertThat(ok(revoke(format, second, "root"), format)).containsEntry("name", "root");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void revokesANamePercentDecodedWherePlusIsItself(Format format) {
    for (String name : List.of("deploy bot", "ci/cd", "a+b", "é ☕ \uD83D\uDE80", "100%", "?#&=")) {
      create(name, "viewer");
    }
    Map<String, String> encoded = new LinkedHashMap<>();
    encoded.put("deploy%20bot", "deploy bot");
    encoded.put("ci%2Fcd", "ci/cd");
    encoded.put("a+b", "a+b");
    encoded.put("%C3%A9%20%e2%98%95%20%F0%9F%9A%80", "é ☕ \uD83D\uDE80");
    encoded.put("100%25", "100%");
    encoded.put("%3F%23%26%3D", "?#&=");
    encoded.forEach((raw, name) -> assertThat(ok(revoke(format, tenants.admin, raw), format)).as(raw).containsEntry("name", name));
    assertThat(tenants.store.list(Tenants.ACME)).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void takesANameThatTheHostPassedUndecodedAsItsOwnUtf8(Format format) {
    create("é", "viewer");

    assertThat(ok(revoke(format, tenants.admin, "é"), format)).containsEntry("name", "é");
  }

  static Stream<Arguments> badNames() {
    List<Arguments> args = new ArrayList<>();
    for (Format f : Format.values()) {
      for (String raw : List.of("%zz", "%4", "%", "a%", "%C3", "%C3%28", "%ED%A0%80", "%C0%AF", "%FF", "\uD800")) {
        args.add(Arguments.of(f, raw, "invalid-encoding"));
      }
      args.add(Arguments.of(f, "%00", "invalid-character"));
      args.add(Arguments.of(f, "a%0Ab", "invalid-character"));
      args.add(Arguments.of(f, "x".repeat(129), "too-long"));
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badNames")
  void refusesANameNoKeyCanHaveAsAnInvalidRequest(Format format, String rawName, String code) {
    assertThat(violations(revoke(format, tenants.admin, rawName), format)).isEqualTo(List.of(List.of("name", code)));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void revokesWithoutReadingABodyAndIgnoresAQuery(Format format) {
    InputStream untouchable = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the body was read");
      }
    };
    EndpointRequest headers = Requests.delete(format, "ops").as(tenants.admin).header("Content-Type", "text/plain").build();

    EndpointResponse response = endpoint.handle(EndpointRequest.ofStream("DELETE", ApikeyEndpoint.PATH + "/ops?force=1&limit=0",
        headers.headers(), untouchable));

    assertThat(ok(response, format)).containsEntry("name", "ops");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void checksAcceptThenAuthenticationThenTheName(Format format) {
    assertThat(endpoint.handle(Requests.delete(format, "%zz").as(tenants.admin).header("Accept", "text/html").build()).status())
        .isEqualTo(406);
    assertError(endpoint.handle(Requests.delete(format, "%zz").build()), format, ErrorCode.UNAUTHENTICATED);
    assertError(revoke(format, tenants.viewer, "%zz"), format, ErrorCode.INVALID_REQUEST);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersStorageUnavailableWhenTheStoreFailsToRevokeAndDeletesNothing(Format format) {
    tenants.store.failLists = true;

    assertError(revoke(format, tenants.admin, "ops"), format, ErrorCode.STORAGE_UNAVAILABLE);
    tenants.store.failLists = false;
    assertThat(tenants.store.list(Tenants.ACME)).hasSize(3);
  }

  // --- expiry ---------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void createsAKeyThatExpiresFromTheFormatsOwnTimestampAndRefusesItAfterwards(Format format) {
    Instant expiry = Tenants.START.plus(Duration.ofHours(1));

    EndpointResponse created = endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(format.write(Requests.fields("name", "temp", "role", "viewer", "expires-at", format.instant(expiry)))).build());

    String key = ok(created, format).get("key").toString();
    assertThat(ok(created, format)).containsOnlyKeys("role", "name", "key", "created-by");
    Map<String, Object> temp = keys(ok(list(format, tenants.admin, "after=root"), format)).get(0);
    assertThat(temp).containsEntry("name", "temp").containsEntry("expires-at", format.instant(expiry));
    assertThat(tenants.service.authenticate(Tenants.ACME, key).role()).isEqualTo("viewer");
    tenants.clock.advance(Duration.ofHours(1));
    assertError(endpoint.handle(Requests.get(format).header(ApikeyEndpoint.API_KEY_HEADER, key).build()), format,
        ErrorCode.UNAUTHENTICATED);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void createsAKeyThatExpiresFromAnRfc3339StringWithAnyOffset(Format format) {
    EndpointResponse created = endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(format.write(Requests.fields("name", "temp", "role", "viewer", "expires-at", "2026-01-02T05:04:05.5+02:00"))).build());

    assertThat(created.status()).as(format.show(created.body())).isEqualTo(200);
    assertThat(keys(ok(list(format, tenants.admin, "after=root"), format)).get(0))
        .containsEntry("expires-at", format.instant(Instant.parse("2026-01-02T03:04:05.500Z")));
  }

  @Test
  void readsEveryFormatsTimestampSpelling() {
    Instant expiry = Instant.parse("2026-06-01T00:00:00.250Z");
    Map<Format, String> bodies = Map.of(
        Format.JSON, "{\"name\":\"a\",\"role\":\"viewer\",\"expires-at\":\"2026-06-01T02:00:00.25+02:00\"}",
        Format.TRANSIT_JSON, "[\"^ \",\"~:name\",\"b\",\"~:role\",\"viewer\",\"~:expires-at\",\"~t2026-06-01T00:00:00.250Z\"]",
        Format.EDN, "{:name \"c\" :role \"viewer\" :expires-at #inst \"2026-06-01T00:00:00.250-00:00\"}");
    for (Map.Entry<Format, String> e : bodies.entrySet()) {
      EndpointResponse response = endpoint.handle(Requests.post(e.getKey()).as(tenants.admin).body(e.getValue().getBytes(UTF_8)).build());
      assertThat(response.status()).as(e.getValue()).isEqualTo(200);
    }
    byte[] verbose = "{\"~:name\":\"d\",\"~:role\":\"viewer\",\"~:expires-at\":\"~t2026-06-01T00:00:00.250Z\"}".getBytes(UTF_8);
    assertThat(endpoint.handle(Requests.post(Format.TRANSIT_JSON).as(tenants.admin).body(verbose).build()).status()).isEqualTo(200);

    assertThat(tenants.store.list(Tenants.ACME)).filteredOn(k -> k.expiresAt() != null)
        .extracting(k -> k.name() + " " + k.expiresAt()).containsExactly("a " + expiry, "b " + expiry, "c " + expiry, "d " + expiry);
  }

  static Stream<Arguments> badExpiries() {
    List<Arguments> args = new ArrayList<>();
    for (Format f : Format.values()) {
      args.add(Arguments.of(f, f.instant(Tenants.START), "not-in-future"));
      args.add(Arguments.of(f, "2026-01-02T03:04:04Z", "not-in-future"));
      args.add(Arguments.of(f, "tomorrow", "invalid-timestamp"));
      args.add(Arguments.of(f, "2027-01-01T00:00:00", "invalid-timestamp"));
      args.add(Arguments.of(f, "+10000-01-01T00:00:00Z", "too-far"));
      args.add(Arguments.of(f, 1798761600000L, "wrong-type"));
      if (f == Format.TRANSIT_JSON || f == Format.TRANSIT_MSGPACK) { // #inst has four-digit years: EDN cannot say it
        args.add(Arguments.of(f, java.util.Date.from(Instant.parse("+10000-01-01T00:00:00Z")), "too-far"));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badExpiries")
  void refusesAnExpiryThatIsNotAFutureTimestampBeforeTheYear10000(Format format, Object expiresAt, String code) {
    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(format.write(Requests.fields("name", "temp", "role", "viewer", "expires-at", expiresAt))).build());

    assertThat(violations(response, format)).isEqualTo(List.of(List.of("expires-at", code)));
    assertThat(tenants.store.list(Tenants.ACME)).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void acceptsTheLastMillisecondOfTheYear9999AndListsIt(Format format) {
    Instant last = Instant.parse("9999-12-31T23:59:59.999Z");
    EndpointResponse created = endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(format.write(Requests.fields("name", "long-lived", "role", "viewer", "expires-at", format.instant(last)))).build());

    assertThat(created.status()).isEqualTo(200);
    for (Format f : Format.values()) {
      assertThat(keys(ok(list(f, tenants.admin, "after=dashboard&limit=1"), f)).get(0)).containsEntry("expires-at", f.instant(last));
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void refusesATimestampForAnyOtherFieldAsTheWrongType(Format format) {
    Object date = format == Format.JSON ? 1L : java.util.Date.from(Tenants.START.plus(Duration.ofDays(1)));
    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(format.write(Requests.fields("name", date, "role", "viewer"))).build());

    assertThat(violations(response, format)).isEqualTo(List.of(List.of("name", "wrong-type")));
  }

  @Test
  void refusesExpiryWhereTheHostTurnedItOff() {
    ApikeyService noExpiry = ApikeyService.builder().store(tenants.store).expiry(false).build();
    ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(noExpiry).build();

    EndpointResponse response = endpoint.handle(Requests.post(Format.EDN).as(tenants.admin)
        .body("{:name \"t\" :role \"viewer\" :expires-at #inst \"2030-01-01\"}".getBytes(UTF_8)).build());

    assertThat(violations(response, Format.EDN)).isEqualTo(List.of(List.of("expires-at", "not-supported")));
  }
}
