package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyInfo;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.StorageUnavailableException;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.Violation;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each codec on its own: exact bytes, determinism, round trips through the format's own library. */
class CodecTest {
  static final UUID KEY = UUID.fromString("3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab");
  static final CreatedApikey CREATED = new CreatedApikey("operator", "ci", KEY, "key:0011223344556677");

  /** The bytes each codec writes for {@link #CREATED}: fields in the spec's order, the key as the format's UUID. */
  static final Map<Format, String> CREATED_BYTES = Map.of(
      Format.JSON,
      "{\"role\":\"operator\",\"name\":\"ci\",\"key\":\"3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\",\"created-by\":\"key:0011223344556677\"}",
      Format.TRANSIT_JSON,
      "[\"^ \",\"~:role\",\"operator\",\"~:name\",\"ci\",\"~:key\",\"~u3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\","
          + "\"~:created-by\",\"key:0011223344556677\"]",
      // {"~:role" "operator", "~:name" "ci", "~:key" ["~#u" [msb lsb]], "~:created-by" "key:…"}
      Format.TRANSIT_MSGPACK,
      "84" + "a67e3a726f6c65" + "a86f70657261746f72" + "a67e3a6e616d65" + "a26369" + "a57e3a6b6579"
          + "92" + "a37e2375" + "92" + "cf3f6c1f0e9a4b4c1d" + "d38e2f0123456789ab"
          + "ac7e3a637265617465642d6279" + "b46b65793a30303131323233333434353536363737",
      Format.EDN,
      "{:role \"operator\", :name \"ci\", :key #uuid \"3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\", :created-by \"key:0011223344556677\"}");

  /** The bytes each codec writes for {@link #invalid()}; transit+json refers to keys it wrote before as ^1, ^3, ^4. */
  static final Map<Format, String> INVALID_BYTES = Map.of(
      Format.JSON,
      "{\"error\":\"invalid-request\",\"message\":\"the request is invalid: 2 violations\",\"violations\":["
          + "{\"field\":\"name\",\"code\":\"missing\",\"message\":\"name is required\"},"
          + "{\"field\":\"role\",\"code\":\"unknown-role\",\"message\":\"role is not a role of this tenant\"}]}",
      Format.TRANSIT_JSON,
      "[\"^ \",\"~:error\",\"invalid-request\",\"~:message\",\"the request is invalid: 2 violations\",\"~:violations\",["
          + "[\"^ \",\"~:field\",\"name\",\"~:code\",\"missing\",\"^1\",\"name is required\"],"
          + "[\"^ \",\"^3\",\"role\",\"^4\",\"unknown-role\",\"^1\",\"role is not a role of this tenant\"]]]",
      Format.TRANSIT_MSGPACK,
      "83a77e3a6572726f72af696e76616c69642d72657175657374a97e3a6d657373616765da0024746865207265717565737420697320696e76616c69"
          + "643a20322076696f6c6174696f6e73ac7e3a76696f6c6174696f6e739283a77e3a6669656c64a46e616d65a67e3a636f6465a76d69737369"
          + "6e67a25e31b06e616d6520697320726571756972656483a25e33a4726f6c65a25e34ac756e6b6e6f776e2d726f6c65a25e31da0021726f6c"
          + "65206973206e6f74206120726f6c65206f6620746869732074656e616e74",
      Format.EDN,
      "{:error \"invalid-request\", :message \"the request is invalid: 2 violations\", :violations ["
          + "{:field \"name\", :code \"missing\", :message \"name is required\"} "
          + "{:field \"role\", :code \"unknown-role\", :message \"role is not a role of this tenant\"}]}");

  /**
   * A page of two keys: the first with a hint and an expiry (microseconds, written as milliseconds),
   * the second with neither but a last use; a next page.
   */
  static final ApikeyPage PAGE = new ApikeyPage(List.of(
      new ApikeyInfo("ci", "operator", "key:0011223344556677", "89ab", "bootstrap", Instant.parse("2026-01-02T03:04:05Z"),
          Instant.parse("2027-01-01T00:00:00.123456Z"), null),
      new ApikeyInfo("deploy", "viewer", "key:8899aabbccddeeff", null, "key:0011223344556677",
          Instant.parse("2026-01-02T03:04:06.5Z"), null, Instant.parse("2026-02-01T00:00:00Z"))), "deploy");

  /** The bytes each codec writes for {@link #PAGE}; transit+json refers to keys it wrote before as ^1, ^2, … */
  static final Map<Format, String> PAGE_BYTES = Map.of(
      Format.JSON,
      "{\"keys\":[{\"name\":\"ci\",\"role\":\"operator\",\"id\":\"key:0011223344556677\",\"hint\":\"89ab\","
          + "\"created-by\":\"bootstrap\",\"created-at\":\"2026-01-02T03:04:05.000Z\",\"expires-at\":\"2027-01-01T00:00:00.123Z\"},"
          + "{\"name\":\"deploy\",\"role\":\"viewer\",\"id\":\"key:8899aabbccddeeff\",\"created-by\":\"key:0011223344556677\","
          + "\"created-at\":\"2026-01-02T03:04:06.500Z\",\"last-used-at\":\"2026-02-01T00:00:00.000Z\"}],\"next\":\"deploy\"}",
      Format.TRANSIT_JSON,
      "[\"^ \",\"~:keys\",[[\"^ \",\"~:name\",\"ci\",\"~:role\",\"operator\",\"~:id\",\"key:0011223344556677\",\"~:hint\",\"89ab\","
          + "\"~:created-by\",\"bootstrap\",\"~:created-at\",\"~m1767323045000\",\"~:expires-at\",\"~m1798761600123\"],"
          + "[\"^ \",\"^1\",\"deploy\",\"^2\",\"viewer\",\"^3\",\"key:8899aabbccddeeff\",\"^5\",\"key:0011223344556677\","
          + "\"^6\",\"~m1767323046500\",\"~:last-used-at\",\"~m1769904000000\"]],\"~:next\",\"deploy\"]",
      // instants as ["~#m" millis]: 92 a37e236d cf…
      Format.TRANSIT_MSGPACK,
      "82a67e3a6b6579739287a67e3a6e616d65a26369a67e3a726f6c65a86f70657261746f72a47e3a6964b46b65793a3030313132323333343435"
          + "3536363737a67e3a68696e74a438396162ac7e3a637265617465642d6279a9626f6f747374726170ac7e3a637265617465642d617492a37e"
          + "236dcf0000019b7ca98c88ac7e3a657870697265732d617492a37e236dcf000001a2ce8bd47b86a25e31a66465706c6f79a25e32a6766965"
          + "776572a25e33b46b65793a38383939616162626363646465656666a25e35b46b65793a30303131323233333434353536363737a25e3692a3"
          + "7e236dcf0000019b7ca99264ae7e3a6c6173742d757365642d617492a37e236dcf0000019c167fcc00a67e3a6e657874a66465706c6f79",
      Format.EDN,
      "{:keys [{:name \"ci\", :role \"operator\", :id \"key:0011223344556677\", :hint \"89ab\", :created-by \"bootstrap\","
          + " :created-at #inst \"2026-01-02T03:04:05.000-00:00\", :expires-at #inst \"2027-01-01T00:00:00.123-00:00\"}"
          + " {:name \"deploy\", :role \"viewer\", :id \"key:8899aabbccddeeff\", :created-by \"key:0011223344556677\","
          + " :created-at #inst \"2026-01-02T03:04:06.500-00:00\", :last-used-at #inst \"2026-02-01T00:00:00.000-00:00\"}],"
          + " :next \"deploy\"}");

  static final Map<Format, String> REVOKED_BYTES = Map.of(
      Format.JSON, "{\"name\":\"ci\",\"revoked\":true}",
      Format.TRANSIT_JSON, "[\"^ \",\"~:name\",\"ci\",\"~:revoked\",true]",
      Format.TRANSIT_MSGPACK, "82" + "a67e3a6e616d65" + "a26369" + "a97e3a7265766f6b6564" + "c3",
      Format.EDN, "{:name \"ci\", :revoked true}");

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesAPageWithFieldsInOrderInstantsAsTheFormatsOwnAndAbsentFieldsLeftOut(Format format) {
    assertThat(format.show(format.codec.encode(PAGE))).isEqualTo(PAGE_BYTES.get(format));
    assertThat(format.codec.encode(PAGE)).isEqualTo(format.codec.encode(new ApikeyPage(List.copyOf(PAGE.keys()), "deploy")));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void roundTripsAPageThroughTheFormatsOwnReaderWithDatesOrRfc3339Strings(Format format) {
    byte[] body = format.codec.encode(PAGE);
    Object created = format == Format.JSON ? "2026-01-02T03:04:05.000Z" : Date.from(Instant.parse("2026-01-02T03:04:05Z"));
    Object expires = format == Format.JSON ? "2027-01-01T00:00:00.123Z" : Date.from(Instant.parse("2027-01-01T00:00:00.123Z"));

    Map<String, Object> read = format.read(body);
    assertThat(read).containsOnlyKeys("keys", "next").containsEntry("next", "deploy");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> keys = (List<Map<String, Object>>) read.get("keys");
    assertThat(keys.get(0)).containsExactlyInAnyOrderEntriesOf(Map.of("name", "ci", "role", "operator", "id", "key:0011223344556677",
        "hint", "89ab", "created-by", "bootstrap", "created-at", created, "expires-at", expires));
    assertThat(keys.get(1)).containsOnlyKeys("name", "role", "id", "created-by", "created-at", "last-used-at");
    assertThat(format.keysAreKeywords(body)).isEqualTo(format != Format.JSON);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesTheLastPageWithoutNextAndAnEmptyPageAsAnEmptyList(Format format) {
    assertThat(format.read(format.codec.encode(new ApikeyPage(List.of(), null)))).isEqualTo(Map.of("keys", List.of()));
    assertThat(format.read(format.codec.encode(new ApikeyPage(PAGE.keys().subList(0, 1), null)))).containsOnlyKeys("keys");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesTheAnswerToARevoke(Format format) {
    assertThat(format.show(format.codec.encodeRevoked("ci"))).isEqualTo(REVOKED_BYTES.get(format));
    assertThat(format.read(format.codec.encodeRevoked("ci"))).isEqualTo(Map.of("name", "ci", "revoked", true));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesACreatedKeyWithFieldsInSpecOrderAndTheKeyAsTheFormatsUuid(Format format) {
    assertThat(format.show(format.codec.encode(CREATED))).isEqualTo(CREATED_BYTES.get(format));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesTheSameBytesForTheSameInput(Format format) {
    byte[] first = format.codec.encode(CREATED);
    byte[] second = format.codec.encode(new CreatedApikey("operator", "ci", UUID.fromString(KEY.toString()), "key:0011223344556677"));
    ApikeyException error = invalid();

    assertThat(second).isEqualTo(first);
    assertThat(format.codec.encodeError(error)).isEqualTo(format.codec.encodeError(invalid()));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void roundTripsACreatedKeyThroughTheFormatsOwnReader(Format format) {
    byte[] body = format.codec.encode(CREATED);

    assertThat(format.read(body)).isEqualTo(Map.of(
        "role", "operator", "name", "ci", "key", format.key(KEY), "created-by", "key:0011223344556677"));
    assertThat(format.keysAreKeywords(body)).isEqualTo(format != Format.JSON);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesEveryErrorWithItsCodeAndMessageAndViolationsFor400s(Format format) {
    for (ErrorCode code : ErrorCode.values()) {
      ApikeyException error = code == ErrorCode.INVALID_REQUEST ? invalid() : new ApikeyException(code, "what went wrong");
      Map<String, Object> body = format.read(format.codec.encodeError(error));

      assertThat(body.get("error")).isEqualTo(code.code());
      assertThat(body.get("message")).isEqualTo(error.getMessage());
      if (code.status() == 400) {
        assertThat(body).containsOnlyKeys("error", "message", "violations");
      } else {
        assertThat(body).containsOnlyKeys("error", "message");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesViolationsAsMapsOfFieldCodeAndMessageInOrder(Format format) {
    byte[] body = format.codec.encodeError(invalid());

    assertThat(format.read(body).get("violations")).isEqualTo(List.of(
        Map.of("field", "name", "code", "missing", "message", "name is required"),
        Map.of("field", "role", "code", "unknown-role", "message", "role is not a role of this tenant")));
    assertThat(format.keysAreKeywords(body)).isEqualTo(format != Format.JSON);
    assertThat(format.show(body)).isEqualTo(INVALID_BYTES.get(format));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesAMalformedBodyErrorWithAnEmptyListOfViolations(Format format) {
    Map<String, Object> body = format.read(format.codec.encodeError(new MalformedBodyException("the body is empty")));

    assertThat(body).containsEntry("error", "malformed-body").containsEntry("violations", List.of());
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void neverWritesAnErrorsCause(Format format) {
    StorageUnavailableException error = new StorageUnavailableException(new IllegalStateException("jdbc:postgresql://secret"));

    assertThat(new String(format.codec.encodeError(error), UTF_8)).doesNotContain("secret", "jdbc", "Exception");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesTheSameUnauthenticatedBodyEveryTime(Format format) {
    assertThat(format.codec.encodeError(UnauthenticatedException.instance()))
        .isEqualTo(format.codec.encodeError(UnauthenticatedException.instance()));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void writesUnicodeAsUtf8AndAnUnpairedSurrogateAsTheReplacementCharacter(Format format) {
    CreatedApikey unicode = new CreatedApikey("operator", "café ☕ \uD83D\uDE80 名前", KEY, "key:0011223344556677");
    InvalidRequestException lone = new InvalidRequestException(List.of(new Violation("x\uD800y", "unknown-field", "m")));

    assertThat(format.read(format.codec.encode(unicode)).get("name")).isEqualTo("café ☕ \uD83D\uDE80 名前");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> violations = (List<Map<String, Object>>) format.read(format.codec.encodeError(lone)).get("violations");
    assertThat(violations.get(0).get("field")).isEqualTo("x\uFFFDy");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void escapesQuotesBackslashesAndControlCharactersInStrings(Format format) {
    String nasty = "a\"b\\c\nd\te\u0001f";
    CreatedApikey created = new CreatedApikey("operator", nasty, KEY, "key:\"}]");

    Map<String, Object> body = format.read(format.codec.encode(created));

    assertThat(body.get("name")).isEqualTo(nasty);
    assertThat(body.get("created-by")).isEqualTo("key:\"}]");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void decodesARequestWrittenByTheFormatsOwnLibrary(Format format) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("name", "ci");
    request.put("role", "operator");

    assertThat(format.codec.decode(format.write(request))).containsExactly(Map.entry("name", "ci"), Map.entry("role", "operator"));
    assertThat(format.codec.decode(format.writeWithStringKeys(request))).isEqualTo(request);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void decodesNullToNullAndOtherValuesToNonStrings(Format format) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("name", null);
    request.put("role", 7L);
    request.put("tags", List.of("a", "b"));
    request.put("on", true);

    Map<String, Object> decoded = format.codec.decode(format.write(request));

    assertThat(decoded).containsOnlyKeys("name", "role", "tags", "on").containsEntry("name", null);
    assertThat(decoded.values()).filteredOn(v -> v != null).noneMatch(v -> v instanceof String);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void answersAnUnmodifiableMap(Format format) {
    Map<String, Object> decoded = format.codec.decode(format.write(Map.of("name", "ci")));

    assertThatThrownBy(() -> decoded.put("role", "admin")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void readsVerboseAndNonVerboseTransitJsonAlike() {
    byte[] verbose = "{\"~:name\":\"ci\",\"~:role\":\"operator\",\"~:at\":\"~t2026-01-02T03:04:05.000Z\"}".getBytes(UTF_8);
    byte[] terse = "[\"^ \",\"~:name\",\"ci\",\"~:role\",\"operator\",\"~:at\",\"~m1767323045000\"]".getBytes(UTF_8);

    assertThat(Codec.transitJson().decode(verbose)).isEqualTo(Codec.transitJson().decode(terse));
  }

  @Test
  void readsTransitTimestampsAsDatesWithTheirOffset() {
    Date expected = Date.from(Instant.parse("2026-01-02T01:04:05.120Z"));
    for (String at : List.of("\"~m1767315845120\"", "\"~t2026-01-02T01:04:05.120Z\"", "\"~t2026-01-02T03:04:05.12+02:00\"",
        "[\"~#m\",1767315845120]", "[\"~#t\",\"2026-01-01T21:04:05.120-04:00\"]")) {
      byte[] body = ("[\"^ \",\"~:expires-at\"," + at + "]").getBytes(UTF_8);

      assertThat(Codec.transitJson().decode(body)).as(at).containsEntry("expires-at", expected);
    }
    byte[] msgpack = Format.TRANSIT_MSGPACK.write(Map.of("expires-at", expected));
    assertThat(HexFormat.of().formatHex(msgpack)).contains("92a37e236dcf"); // ["~#m" millis]
    assertThat(Codec.transitMsgpack().decode(msgpack)).containsEntry("expires-at", expected);
  }

  @Test
  void refusesTransitTimestampsThatAreNotMillisecondsOrRfc3339AsMalformed() {
    for (String at : List.of("\"~m0x10\"", "\"~m#10\"", "\"~m1.5\"", "\"~m\"", "\"~m99999999999999999999\"", "[\"~#m\",1.5]",
        "\"~t2026-01-02T03:04:05\"", "\"~tgarbage\"", "[\"~#t\",1]")) {
      byte[] body = ("[\"^ \",\"~:expires-at\"," + at + "]").getBytes(UTF_8);

      assertThatThrownBy(() -> Codec.transitJson().decode(body)).as(at).isInstanceOf(MalformedBodyException.class);
    }
  }

  @Test
  void readsEdnInstantsAsDatesWithTheirOffset() {
    Date expected = Date.from(Instant.parse("2026-01-02T01:04:05.120Z"));
    for (String at : List.of("2026-01-02T01:04:05.120Z", "2026-01-02T01:04:05.120-00:00", "2026-01-02T03:04:05.12+02:00",
        "2026-01-02T01:04:05.120999999Z")) {
      assertThat(Codec.edn().decode(("{:expires-at #inst \"" + at + "\"}").getBytes(UTF_8))).as(at).containsEntry("expires-at", expected);
    }
    assertThatThrownBy(() -> Codec.edn().decode("{:expires-at #inst \"tomorrow\"}".getBytes(UTF_8)))
        .isInstanceOf(MalformedBodyException.class);
  }

  @Test
  void readsDefinedTransitCacheReferences() {
    // map keys of four or more characters, and keywords anywhere, are cached in order: "~:name" is ^0, "~:role" ^1
    byte[] asKey = "[\"^ \",\"~:name\",[\"^ \",\"~:role\",\"x\"],\"^1\",\"operator\"]".getBytes(UTF_8);
    byte[] asValue = "[\"^ \",\"~:name\",\"~:role\",\"^1\",\"operator\"]".getBytes(UTF_8);

    assertThat(Codec.transitJson().decode(asKey)).containsOnlyKeys("name", "role").containsEntry("role", "operator");
    assertThat(Codec.transitJson().decode(asValue)).containsOnlyKeys("name", "role").containsEntry("role", "operator");
  }

  @Test
  void readsKnownEdnTagsAsValuesOfTheWrongType() {
    Map<String, Object> decoded = Codec.edn().decode(
        "{:name #uuid \"3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\" :role #inst \"2026-01-02T03:04:05Z\"}".getBytes(UTF_8));

    assertThat(decoded.get("name")).isEqualTo(KEY);
    assertThat(decoded.get("role")).isInstanceOf(java.util.Date.class);
  }

  @Test
  void namesNamespacedKeywordKeysWithTheirNamespace() {
    assertThat(Codec.edn().decode("{:acme/name \"ci\"}".getBytes(UTF_8))).containsOnlyKeys("acme/name");
    assertThat(Codec.transitJson().decode("[\"^ \",\"~:acme/name\",\"ci\"]".getBytes(UTF_8))).containsOnlyKeys("acme/name");
  }

  @Test
  void msgpackWritesTheKeyWithTheTransitUuidTag() {
    String hex = HexFormat.of().formatHex(Codec.transitMsgpack().encode(CREATED));

    assertThat(hex).contains("92" + "a37e2375" + "92"); // ["~#u" [msb lsb]]
  }

  @Test
  void everyCodecNamesItsMediaTypeAndContentType() {
    assertThat(Codec.all()).extracting(c -> c.mediaType().essence()).containsExactly(
        "application/json", "application/transit+json", "application/transit+msgpack", "application/edn");
    assertThat(Codec.all()).allSatisfy(c -> assertThat(MediaType.parse(c.contentType()).hasEssenceOf(c.mediaType())).isTrue());
  }

  private static InvalidRequestException invalid() {
    return new InvalidRequestException(List.of(
        new Violation("name", "missing", "name is required"),
        new Violation("role", "unknown-role", "role is not a role of this tenant")));
  }
}
