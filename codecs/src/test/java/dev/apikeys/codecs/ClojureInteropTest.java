package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.codecs.internal.Malformed;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interoperability with the Clojure reference implementations, in-process: what transit-clj,
 * {@code pr-str} and data.json write decodes to the same request, expiry included, and every
 * response and error body the endpoint writes reads back in transit-clj, {@code
 * clojure.edn/read-string} and data.json to the same map, with keyword keys, a {@code
 * java.util.UUID} key and {@code java.util.Date} timestamps.
 */
class ClojureInteropTest {
  private final Tenants tenants = new Tenants();
  private final ApikeyEndpoint endpoint = tenants.endpoint();

  // --- what Clojure writes, this module reads ---------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void decodesARequestTheReferenceWriterWrote(Format format) {
    assertThat(format.codec.decode(ClojureReference.write(format, ClojureReference.request())))
        .containsExactly(Map.entry("name", "ci"), Map.entry("role", "operator"));
  }

  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"TRANSIT_JSON", "TRANSIT_MSGPACK", "EDN"})
  void decodesARequestWithStringKeysTheReferenceWriterWrote(Format format) {
    Object stringKeys = ClojureReference.read("{\"name\" \"ci\" \"role\" \"operator\"}");

    assertThat(format.codec.decode(ClojureReference.write(format, stringKeys))).isEqualTo(Map.of("name", "ci", "role", "operator"));
  }

  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"TRANSIT_JSON", "TRANSIT_MSGPACK", "EDN"})
  void refusesAKeywordAndAStringForTheSameFieldFromTheReferenceWriter(Format format) {
    Object both = ClojureReference.read("{:name \"a\" \"name\" \"b\" :role \"operator\"}");

    assertThatThrownBy(() -> format.codec.decode(ClojureReference.write(format, both))).hasMessage(Malformed.DUPLICATE_KEY);
  }

  @Test
  void decodesVerboseTransitTheReferenceWriterWrote() {
    byte[] verbose = ClojureReference.write(Format.TRANSIT_JSON, ClojureReference.request(), true);

    assertThat(new String(verbose, UTF_8)).startsWith("{");
    assertThat(Codec.transitJson().decode(verbose)).isEqualTo(Map.of("name", "ci", "role", "operator"));
  }

  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"TRANSIT_JSON", "TRANSIT_MSGPACK", "EDN"})
  void decodesTheReferenceWritersRichValuesAsNonStringsAndItsSymbolsAsMalformed(Format format) {
    Object rich = ClojureReference.read("{:name \"café ☕\" :role :admin :x #{1 2} :y (1 [2] {:z 3.5})"
        + " :u #uuid \"3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\" :t #inst \"2026-01-02T03:04:05.000-00:00\" :n 12345678901234567890N"
        + " :c \\a :nil nil :b false}");
    Object symbol = ClojureReference.read("{:name ci :role \"operator\"}");

    Map<String, Object> decoded = format.codec.decode(ClojureReference.write(format, rich));
    assertThat(decoded).containsEntry("name", "café ☕").containsEntry("nil", null).hasSize(10);
    assertThat(decoded.get("role")).isNotInstanceOf(String.class);
    assertThat(decoded.get("u")).isEqualTo(UUID.fromString("3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab"));
    assertThatThrownBy(() -> format.codec.decode(ClojureReference.write(format, symbol))).hasMessage(Malformed.SYMBOL);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void createsAKeyFromARequestTheReferenceWriterWrote(Format format) {
    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(ClojureReference.write(format, ClojureReference.request())).build());

    assertThat(response.status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void createsAnExpiringKeyFromARequestTheReferenceWriterWrote(Format format) {
    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(ClojureReference.write(format, ClojureReference.expiringRequest(format))).build());

    assertThat(response.status()).as(format.show(response.body())).isEqualTo(200);
    assertThat(tenants.store.findByName(Tenants.ACME, "ci")).get()
        .satisfies(k -> assertThat(k.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z")));
  }

  @Test
  void createsAnExpiringKeyFromVerboseTransitTheReferenceWriterWrote() {
    byte[] verbose = ClojureReference.write(Format.TRANSIT_JSON, ClojureReference.expiringRequest(Format.TRANSIT_JSON), true);

    assertThat(new String(verbose, UTF_8)).contains("~t2027-01-01T00:00:00.000Z");
    assertThat(endpoint.handle(Requests.post(Format.TRANSIT_JSON).as(tenants.admin).body(verbose).build()).status()).isEqualTo(200);
  }

  // --- what this module writes, Clojure reads ---------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void theReferenceReaderReadsAPageWithKeywordKeysAndDates(Format format) {
    tenants.service.createBootstrapKey(Tenants.ACME, new ApikeyRequest("temp", "viewer", Instant.parse("2027-01-01T00:00:00.123Z")));
    EndpointResponse response = endpoint.handle(Requests.get(format).as(tenants.viewer).query("after=root").build());
    Object read = ClojureReference.read(format, response.body());

    Map<String, Object> page = ClojureReference.plain(format, read);
    @SuppressWarnings("unchecked")
    Map<String, Object> temp = ((List<Map<String, Object>>) page.get("keys")).get(0);
    assertThat(page).containsOnlyKeys("keys");
    assertThat(temp).containsOnlyKeys("name", "role", "id", "hint", "created-by", "created-at", "expires-at");
    assertThat(temp.get("created-at")).isEqualTo(format.instant(Tenants.START));
    assertThat(temp.get("expires-at")).isEqualTo(format.instant(Instant.parse("2027-01-01T00:00:00.123Z")));
    if (format != Format.JSON) {
      assertThat(temp.get("created-at")).isExactlyInstanceOf(Date.class);
      assertThat(read).as("the very map the reference writer would write").isEqualTo(ClojureReference.read(
          "{:keys [{:name \"temp\" :role \"viewer\" :id \"" + temp.get("id") + "\" :hint \"" + temp.get("hint") + "\""
              + " :created-by \"bootstrap\" :created-at #inst \"2026-01-02T03:04:05.000-00:00\""
              + " :expires-at #inst \"2027-01-01T00:00:00.123-00:00\"}]}"));
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void theReferenceReaderReadsTheAnswerToARevoke(Format format) {
    EndpointResponse response = endpoint.handle(Requests.delete(format, "ops").as(tenants.admin).build());
    Object read = ClojureReference.read(format, response.body());

    assertThat(ClojureReference.plain(format, read)).isEqualTo(Map.of("name", "ops", "revoked", true));
    if (format != Format.JSON) {
      assertThat(read).isEqualTo(ClojureReference.read("{:name \"ops\" :revoked true}"));
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void theReferenceReaderReadsTheCreatedKeyWithKeywordKeysAndAUuid(Format format) {
    EndpointResponse response = endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(format.write(Map.of("name", "ci", "role", "operator"))).build());
    Object read = ClojureReference.read(format, response.body());

    Map<String, Object> fields = ClojureReference.plain(format, read);
    assertThat(fields).containsOnlyKeys("role", "name", "key", "created-by");
    assertThat(fields.get("key")).isInstanceOf(format == Format.JSON ? String.class : UUID.class);
    UUID key = UUID.fromString(fields.get("key").toString());
    if (format != Format.JSON) {
      assertThat(read).as("the very map the reference writer would write").isEqualTo(
          ClojureReference.read("{:role \"operator\" :name \"ci\" :key #uuid \"" + key + "\" :created-by \""
              + fields.get("created-by") + "\"}"));
    }
    assertThat(tenants.service.authenticate(Tenants.ACME, key.toString()).role()).isEqualTo("operator");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void rotatesAKeyFromARequestTheReferenceWriterWrote(Format format) {
    String expiry = format == Format.JSON ? "\"2027-01-01T00:00:00.000Z\"" : "#inst \"2027-01-01T00:00:00.000-00:00\"";
    byte[] body = ClojureReference.write(format, ClojureReference.read("{:grace-seconds 3600 :expires-at " + expiry + "}"));
    EndpointResponse response = endpoint.handle(Requests.post(format).path(ApikeyEndpoint.PATH + "/ops/rotate")
        .as(tenants.admin).body(body).build());

    assertThat(response.status()).as(format.show(response.body())).isEqualTo(200);
    assertThat(tenants.store.findByName(Tenants.ACME, "ops")).get().satisfies(k -> {
      assertThat(k.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
      assertThat(k.previous()).isNotNull();
      assertThat(k.previous().expiresAt()).isEqualTo(Tenants.START.plusSeconds(3600));
    });
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void theReferenceReaderReadsTheAnswerToARotationWithAUuidAndAnInstant(Format format) {
    EndpointResponse response = endpoint.handle(Requests.post(format).path(ApikeyEndpoint.PATH + "/ops/rotate")
        .as(tenants.admin).body(format.write(Map.of("grace-seconds", 3600))).build());
    Object read = ClojureReference.read(format, response.body());

    Map<String, Object> fields = ClojureReference.plain(format, read);
    assertThat(fields).containsOnlyKeys("role", "name", "key", "created-by", "previous-key-expires-at");
    assertThat(fields.get("key")).isInstanceOf(format == Format.JSON ? String.class : UUID.class);
    assertThat(fields.get("previous-key-expires-at")).isEqualTo(format.instant(Tenants.START.plusSeconds(3600)));
    UUID key = UUID.fromString(fields.get("key").toString());
    if (format != Format.JSON) {
      assertThat(fields.get("previous-key-expires-at")).isExactlyInstanceOf(Date.class);
      assertThat(read).as("the very map the reference writer would write").isEqualTo(
          ClojureReference.read("{:role \"operator\" :name \"ops\" :key #uuid \"" + key + "\" :created-by \""
              + fields.get("created-by") + "\" :previous-key-expires-at #inst \"2026-01-02T04:04:05.000-00:00\"}"));
    }
    assertThat(tenants.service.authenticate(Tenants.ACME, key.toString()).role()).isEqualTo("operator");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void theReferenceReaderReadsEveryResponseTheEndpointWritesToTheSameMap(Format format) {
    for (Map.Entry<String, EndpointResponse> answer : everyKindOfAnswer(format).entrySet()) {
      byte[] body = answer.getValue().body();
      Map<String, Object> byClojure = ClojureReference.plain(format, ClojureReference.read(format, body));

      assertThat(byClojure).as(answer.getKey()).isEqualTo(format.read(body));
      if (answer.getValue().status() != 200) {
        assertThat(byClojure.get("error")).as(answer.getKey()).isEqualTo(errorCode(answer.getValue().status(), answer.getKey()));
      }
    }
  }

  /** The endpoint's answer to one request of every kind the behaviour table names. */
  private Map<String, EndpointResponse> everyKindOfAnswer(Format format) {
    Map<String, EndpointResponse> answers = new LinkedHashMap<>();
    byte[] valid = format.write(Map.of("name", "ci", "role", "viewer"));
    answers.put("200", endpoint.handle(Requests.post(format).as(tenants.admin).body(valid).build()));
    answers.put("409", endpoint.handle(Requests.post(format).as(tenants.admin).body(valid).build()));
    for (MalformedBodies.Case c : MalformedBodies.all()) {
      if (c.format() == format) {
        answers.put("400 malformed: " + c.situation(), endpoint.handle(Requests.post(format).as(tenants.admin).body(c.body()).build()));
      }
    }
    Map<String, Object> invalid = new LinkedHashMap<>();
    invalid.put("name", " x\u0000");
    invalid.put("role", null);
    invalid.put("~weird field \"}]", 1L);
    answers.put("400 invalid", endpoint.handle(Requests.post(format).as(tenants.admin).body(format.writeWithStringKeys(invalid)).build()));
    answers.put("401", endpoint.handle(Requests.post(format).body(valid).build()));
    answers.put("403", endpoint.handle(Requests.post(format).as(tenants.viewer).body(valid).build()));
    answers.put("404", endpoint.handle(Requests.post(format).as(tenants.admin).path("/nope").build()));
    answers.put("405", endpoint.handle(Requests.post(format).as(tenants.admin).method("PUT").build()));
    answers.put("405 on a key", endpoint.handle(Requests.delete(format, "ci").as(tenants.admin).method("GET").build()));
    answers.put("200 list", endpoint.handle(Requests.get(format).as(tenants.viewer).query("limit=2").build()));
    answers.put("400 invalid query", endpoint.handle(Requests.get(format).as(tenants.viewer).query("limit=0&after=%00&x").build()));
    answers.put("400 invalid name", endpoint.handle(Requests.delete(format, "%FF").as(tenants.admin).build()));
    answers.put("404 no such key", endpoint.handle(Requests.delete(format, "nobody").as(tenants.admin).build()));
    answers.put("409 last-administrator", endpoint.handle(Requests.delete(format, "root").as(tenants.admin).build()));
    answers.put("200 rotate", endpoint.handle(Requests.post(format).path(ApikeyEndpoint.PATH + "/ci/rotate").as(tenants.admin)
        .body(format.write(Map.of("grace-seconds", 60))).build()));
    answers.put("400 invalid rotation", endpoint.handle(Requests.post(format).path(ApikeyEndpoint.PATH + "/ci/rotate")
        .as(tenants.admin).body(format.write(Map.of("grace-seconds", "60"))).build()));
    answers.put("405 on a rotation", endpoint.handle(Requests.get(format).path(ApikeyEndpoint.PATH + "/ci/rotate").as(tenants.admin).build()));
    answers.put("200 revoke", endpoint.handle(Requests.delete(format, "ci").as(tenants.admin).build()));
    answers.put("406", ApikeyEndpoint.builder().service(tenants.service).defaultMediaType(format.codec.mediaType()).build()
        .handle(Requests.post(format).as(tenants.admin).header("Accept", "text/html").body(valid).build()));
    answers.put("413", endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(new byte[ApikeyEndpoint.DEFAULT_MAX_BODY_BYTES + 1]).build()));
    answers.put("415", endpoint.handle(Requests.post(format).as(tenants.admin).header("Content-Type", "text/plain").body(valid).build()));
    tenants.store.failInserts = true;
    answers.put("503", endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(format.write(Map.of("name", "other", "role", "viewer"))).build()));
    tenants.store.failInserts = false;
    tenants.keys.next = () -> {
      throw new IllegalStateException("boom");
    };
    answers.put("500", endpoint.handle(Requests.post(format).as(tenants.admin)
        .body(format.write(Map.of("name", "third", "role", "viewer"))).build()));
    answers.forEach((kind, response) -> assertThat(response.status()).as(kind).isEqualTo(Integer.parseInt(kind.substring(0, 3))));
    return answers;
  }

  private static String errorCode(int status, String kind) {
    List<ErrorCode> candidates = new ArrayList<>();
    for (ErrorCode c : ErrorCode.values()) {
      if (c.status() == status) {
        candidates.add(c);
      }
    }
    if (candidates.size() == 1) {
      return candidates.get(0).code();
    }
    if (status == 409) {
      return kind.contains("last-administrator") ? ErrorCode.LAST_ADMINISTRATOR.code() : ErrorCode.NAME_TAKEN.code();
    }
    return kind.contains("malformed") ? ErrorCode.MALFORMED_BODY.code() : ErrorCode.INVALID_REQUEST.code();
  }
}
