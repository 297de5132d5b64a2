package dev.apikeys.codecs;

import static dev.apikeys.codecs.MalformedBodies.concat;
import static dev.apikeys.codecs.MalformedBodies.hex;
import static dev.apikeys.codecs.MalformedBodies.repeat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.codecs.internal.Malformed;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Bodies written to hurt a parser: each is refused with {@link MalformedBodyException} and nothing else. */
class HostileBodiesTest {
  private static final int DEEP = 200_000;

  private static void assertMalformed(Codec codec, byte[] body, String message) {
    assertThatThrownBy(() -> codec.decode(body)).isExactlyInstanceOf(MalformedBodyException.class).hasMessage(message);
  }

  private static void assertMalformed(Codec codec, String body, String message) {
    assertMalformed(codec, body.getBytes(UTF_8), message);
  }

  // --- nesting ----------------------------------------------------------------------------------

  static Stream<Arguments> deeplyNested() {
    return Stream.of(
        Arguments.of("JSON [", Codec.json(), "[".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("JSON {", Codec.json(), "{\"a\":".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("JSON [ closed", Codec.json(), ("[".repeat(DEEP) + "]".repeat(DEEP)).getBytes(UTF_8)),
        Arguments.of("transit+json [", Codec.transitJson(), "[".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("transit+json {", Codec.transitJson(), "{\"~:a\":".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("transit+json map-as-array", Codec.transitJson(), "[\"^ \",\"~:a\",".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("transit+json tagged", Codec.transitJson(), "[\"~#set\",".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("transit+msgpack array", Codec.transitMsgpack(), repeat((byte) 0x91, DEEP)),
        Arguments.of("transit+msgpack array32", Codec.transitMsgpack(), repeatBytes(hex("dd00000001"), DEEP)),
        Arguments.of("transit+msgpack map", Codec.transitMsgpack(), repeatBytes(hex("81a161"), DEEP)),
        Arguments.of("EDN [", Codec.edn(), "[".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("EDN (", Codec.edn(), "(".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("EDN {", Codec.edn(), "{:a ".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("EDN #{", Codec.edn(), "#{".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("EDN [ closed", Codec.edn(), ("[".repeat(DEEP) + "]".repeat(DEEP)).getBytes(UTF_8)),
        Arguments.of("EDN #:ns{", Codec.edn(), "#:a{:a ".repeat(DEEP).getBytes(UTF_8)),
        Arguments.of("EDN [ in a discard", Codec.edn(), ("{:name \"ci\" #_ " + "[".repeat(DEEP)).getBytes(UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deeplyNested")
  void refuses200000NestedLevelsWithoutOverflowingTheStack(String name, Codec codec, byte[] body) {
    assertMalformed(codec, body, Malformed.TOO_DEEP);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void readsNestingUpToTheLimitAndRefusesOneLevelMore(Format format) {
    int inner = Codec.MAX_DEPTH - 1; // the request map is the first level
    assertThatCode(() -> format.codec.decode(nested(format, inner))).doesNotThrowAnyException();
    assertMalformed(format.codec, nested(format, inner + 1), Malformed.TOO_DEEP);
  }

  /** A request map whose {@code name} is {@code levels} nested empty lists. */
  private static byte[] nested(Format format, int levels) {
    return switch (format) {
      case JSON -> ("{\"name\":" + "[".repeat(levels) + "]".repeat(levels) + "}").getBytes(UTF_8);
      case TRANSIT_JSON -> ("[\"^ \",\"~:name\"," + "[".repeat(levels) + "]".repeat(levels) + "]").getBytes(UTF_8);
      case TRANSIT_MSGPACK -> concat(hex("81a67e3a6e616d65"), repeat((byte) 0x91, levels - 1), hex("90"));
      case EDN -> ("{:name " + "[".repeat(levels) + "]".repeat(levels) + "}").getBytes(UTF_8);
    };
  }

  @Test
  void readsLongChainsOfEdnDiscardsAsClojureDoesWithoutRecursion() {
    // clojure.edn recurses once per #_ of a chain; this reader counts them
    byte[] chain = ("#_ ".repeat(DEEP) + "1 ".repeat(DEEP) + "{:name \"ci\"}").getBytes(UTF_8);
    byte[] inAVector = ("{:name [" + "#_ 1 ".repeat(DEEP) + "]}").getBytes(UTF_8);

    assertThat(Codec.edn().decode(chain)).containsOnlyKeys("name");
    assertThat(Codec.edn().decode(inAVector)).containsEntry("name", List.of());
    assertMalformed(Codec.edn(), "#_ ".repeat(DEEP) + "1 {}", Malformed.TRUNCATED);
  }

  @Test
  void refusesLongChainsOfEdnTagsAtTheSecondTagWithoutRecursion() {
    // clojure.edn reads the value of a tag, recursing, before it finds no reader for it; #inst and #uuid take only a string
    assertMalformed(Codec.edn(), "#a ".repeat(DEEP) + "1", Malformed.UNKNOWN_TAG);
    assertMalformed(Codec.edn(), "{:name " + "#inst ".repeat(DEEP) + "\"2026\"}", Malformed.syntax("EDN"));
    assertMalformed(Codec.edn(), "{:name " + "##".repeat(DEEP) + "Inf}", Malformed.syntax("EDN"));
  }

  // --- transit cache ----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {
      "[\"^ \",\"^0\",\"x\"]",
      "[\"^ \",\"~:name\",\"^1\",\"~:role\",\"operator\"]",
      "[\"^ \",\"~:name\",\"^0\",\"^1\",\"operator\"]",
      "[\"^ \",\"~:name\",\"x\",\"^\",\"y\"]",
      "[\"^ \",\"~:name\",\"x\",\"^!\",\"y\"]",
      "[\"^ \",\"~:name\",\"x\",\"^zz\",\"y\"]",
      "[\"^ \",\"~:name\",\"x\",\"^000\",\"y\"]",
      "{\"^0\":\"x\"}"})
  void refusesTransitCacheReferencesToEntriesNeverDefined(String body) {
    assertMalformed(Codec.transitJson(), body, Malformed.UNDEFINED_CACHE_REFERENCE);
  }

  @Test
  void refusesAnUndefinedCacheReferenceInMsgpack() {
    assertMalformed(Codec.transitMsgpack(), hex("81 a2 5e30 a1 78"), Malformed.UNDEFINED_CACHE_REFERENCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"^ \",\"~:name\",\"~#tagx\"]", "[\"^ \",\"~:name\",[\"~#'\",\"~#tagx\"]]",
      "[\"^ \",\"~:name\",\"x\",\"~:role\",[\"~#'\",\"~#tagx\"],\"~:x\",\"^2\"]"})
  void refusesTransitJavasInternalTagMarkerWhereAValueBelongs(String body) {
    // a "~#tag" string outside a tag position, or a cache reference to one, reads as transit-java's Tag marker
    assertMalformed(Codec.transitJson(), body, Malformed.syntax("transit+json"));
  }

  // --- EDN --------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"{:name #acme/name \"ci\"}", "{:name #foo \"ci\"}", "{:name [#foo 1]}", "#foo {:name \"ci\"}",
      "{:name #uuid #foo \"x\"}"})
  void refusesUnknownEdnTags(String body) {
    assertThatThrownBy(() -> Codec.edn().decode(body.getBytes(UTF_8))).isExactlyInstanceOf(MalformedBodyException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{:name ci :role \"operator\"}", "{:name \"ci\" :role operator}", "{:name [ci]}", "{:name {:a b}}",
      "{:name acme/ci}", "{:name #{x}}"})
  void refusesEdnSymbolsWhereverTheyAre(String body) {
    assertMalformed(Codec.edn(), body, Malformed.SYMBOL);
  }

  @Test
  void readsTrueFalseAndNilAsValuesNotSymbols() {
    assertThat(Codec.edn().decode("{:a true :b false :c nil}".getBytes(UTF_8))).containsEntry("a", true).containsEntry("b", false)
        .containsEntry("c", null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{:name \"x\" ci \"y\"}", "{1 \"x\"}", "{nil \"x\"}", "{[:name] \"x\"}", "{#uuid \"3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\" 1}"})
  void refusesEdnKeysThatAreNeitherStringsNorKeywords(String body) {
    assertMalformed(Codec.edn(), body, Malformed.BAD_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{:name \"a\" :name \"a\"}", "{:name \"a\" \"name\" \"b\"}", "{\"name\" \"a\" :name \"b\"}",
      "{:name {:x 1 :x 2}}"})
  void refusesDuplicateEdnKeysInAnySpelling(String body) {
    assertMalformed(Codec.edn(), body, Malformed.DUPLICATE_KEY);
  }

  @Test
  void readsEdnCommentsDiscardsAndCommasAsWhiteSpace() {
    String body = "; a comment\n{:name \"ci\", #_ :ignored :role \"operator\"} ; trailing comment\n#_ {:also ignored}";

    assertThat(Codec.edn().decode(body.getBytes(UTF_8))).containsOnlyKeys("name", "role");
  }

  // --- transit ----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {
      "[\"^ \",\"~:name\",\"a\",\"~:name\",\"b\"]",
      "[\"^ \",\"~:name\",\"a\",\"name\",\"b\"]",
      "[\"^ \",\"name\",\"a\",\"~:name\",\"b\"]",
      "{\"~:name\":\"a\",\"name\":\"b\"}",
      "{\"~:name\":\"a\",\"~:name\":\"b\"}",
      "[\"^ \",\"~:name\",[\"^ \",\"~:x\",1,\"~:x\",2]]"})
  void refusesDuplicateTransitKeysInAnySpelling(String body) {
    assertMalformed(Codec.transitJson(), body, Malformed.DUPLICATE_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"^ \",\"~i1\",\"x\"]", "[\"^ \",\"~$name\",\"x\"]", "[\"^ \",null,\"x\"]",
      "[\"~#cmap\",[[\"~:name\"],\"x\"]]", "[\"^ \",\"~?t\",\"x\"]"})
  void refusesTransitKeysThatAreNeitherStringsNorKeywords(String body) {
    assertMalformed(Codec.transitJson(), body, Malformed.BAD_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"^ \",\"~:name\",[\"~#point\",[1,2]]]", "[\"^ \",\"~:name\",{\"~#point\":[1,2]}]",
      "[\"~#point\",[\"^ \",\"~:name\",\"x\"]]"})
  void refusesUnknownTransitTags(String body) {
    assertMalformed(Codec.transitJson(), body, Malformed.UNKNOWN_TAG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"^ \",\"~:name\",\"~unot-a-uuid\"]", "[\"^ \",\"~:name\",\"~inot-a-number\"]",
      "[\"^ \",\"~:name\",[\"~#ratio\",\"x\"]]", "[\"^ \",\"~:name\",[\"~#u\",[1]]]", "[\"^ \",\"~:name\",\"~tyesterday\"]"})
  void refusesTransitValuesTheirHandlersCannotRead(String body) {
    assertMalformed(Codec.transitJson(), body, Malformed.syntax("transit+json"));
  }

  @Test
  void refusesAMsgpackLengthLongerThanTheBodyWithoutAllocatingIt() {
    assertMalformed(Codec.transitMsgpack(), hex("dd7fffffff"), Malformed.TRUNCATED);
    assertMalformed(Codec.transitMsgpack(), hex("df7fffffff"), Malformed.TRUNCATED);
    assertMalformed(Codec.transitMsgpack(), hex("81a1 61 db7fffffff"), Malformed.TRUNCATED);
    assertMalformed(Codec.transitMsgpack(), hex("81a1 61 dc"), Malformed.TRUNCATED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"c1", "81a161c7010000", "81a161d40000", "81a161d801" + "00000000000000000000000000000000"})
  void refusesMsgpackExtensionTypesAndTheNeverUsedByte(String body) {
    assertMalformed(Codec.transitMsgpack(), hex(body), Malformed.syntax("transit+msgpack"));
  }

  // --- all formats ------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Format.class)
  void readsNumbersOfUpTo1000DigitsAndRefusesLongerOnesBeforeParsing(Format format) {
    String digits = "9".repeat(1000);
    String[] numbers = switch (format) {
      case JSON -> new String[] {"{\"name\":" + digits + "}", "{\"name\":9" + digits + "}"};
      case TRANSIT_JSON -> new String[] {"[\"^ \",\"~:name\",\"~n" + digits + "\"]", "[\"^ \",\"~:name\",\"~f9" + digits + "\"]"};
      case TRANSIT_MSGPACK -> new String[] {"", ""};
      case EDN -> new String[] {"{:name " + digits + "M}", "{:name 9" + digits + "N}"};
    };
    if (format == Format.TRANSIT_MSGPACK) {
      byte[] str = concat(hex("da03e8"), digits.getBytes(UTF_8)); // a 1000-byte string
      assertThat(Codec.transitMsgpack().decode(concat(hex("81a67e3a6e616d65"), str))).containsKey("name");
      assertMalformed(Codec.transitMsgpack(), concat(hex("81a67e3a6e616d65da03e9"), ("9" + digits).getBytes(UTF_8)), Malformed.TOO_LONG);
      return;
    }
    assertThat(format.codec.decode(numbers[0].getBytes(UTF_8)).get("name")).isNotNull().isNotInstanceOf(String.class);
    assertMalformed(format.codec, numbers[1], Malformed.TOO_LONG);
  }

  @Test
  void readsEdnHexAndRadixNumbersOfUpTo1000DigitsAndRefusesLongerOnes() {
    // letters are digits in these, and BigInteger parses them in quadratic time as it does decimal ones
    assertThat(Codec.edn().decode(("{:name 0x" + "F".repeat(1000) + "}").getBytes(UTF_8)).get("name")).isInstanceOf(java.math.BigInteger.class);
    assertMalformed(Codec.edn(), "{:name 0x" + "F".repeat(1001) + "}", Malformed.TOO_LONG);
    assertMalformed(Codec.edn(), "{:name 36r" + "Z".repeat(1001) + "}", Malformed.TOO_LONG);
  }

  static Stream<Arguments> invalidUtf8() {
    return Stream.of(
        Arguments.of("a lone continuation byte", hex("80")),
        Arguments.of("0xff", hex("ff")),
        Arguments.of("an overlong slash", hex("c0af")),
        Arguments.of("an encoded surrogate", hex("eda080")),
        Arguments.of("a code point above U+10FFFF", hex("f4908080")),
        Arguments.of("a sequence cut short", hex("e282")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidUtf8")
  void refusesInvalidUtf8InsideAStringInEveryFormat(String name, byte[] bad) {
    assertMalformed(Codec.json(), concat("{\"name\":\"".getBytes(UTF_8), bad, "\"}".getBytes(UTF_8)), Malformed.NOT_UTF8);
    assertMalformed(Codec.transitJson(), concat("[\"^ \",\"~:name\",\"".getBytes(UTF_8), bad, "\"]".getBytes(UTF_8)),
        Malformed.NOT_UTF8);
    assertMalformed(Codec.edn(), concat("{:name \"".getBytes(UTF_8), bad, "\"}".getBytes(UTF_8)), Malformed.NOT_UTF8);
    byte[] str = concat(new byte[] {(byte) (0xa0 | bad.length)}, bad);
    assertMalformed(Codec.transitMsgpack(), concat(hex("81a67e3a6e616d65"), str), Malformed.NOT_UTF8);
  }

  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"JSON", "TRANSIT_JSON", "EDN"})
  void refusesAByteOrderMarkAndUtf16(Format format) {
    byte[] valid = format.write(java.util.Map.of("name", "ci"));
    byte[] bom = concat(hex("efbbbf"), valid);
    byte[] utf16 = new String(valid, UTF_8).getBytes(java.nio.charset.StandardCharsets.UTF_16BE);

    assertThatThrownBy(() -> format.codec.decode(bom)).isExactlyInstanceOf(MalformedBodyException.class);
    assertThatThrownBy(() -> format.codec.decode(utf16)).isExactlyInstanceOf(MalformedBodyException.class);
  }

  @ParameterizedTest
  @EnumSource(value = Format.class, names = {"JSON", "TRANSIT_JSON", "EDN"})
  void refusesAWhiteSpaceOnlyBodyAsEmpty(Format format) {
    assertMalformed(format.codec, " \n\t ", Malformed.EMPTY);
  }

  static Stream<Arguments> notMaps() {
    return Stream.of(
        Arguments.of(Codec.json(), List.of("[]", "\"ci\"", "42", "null", "true")),
        Arguments.of(Codec.transitJson(), List.of("[]", "[\"~#'\",\"ci\"]", "[\"~#'\",null]", "[\"~#set\",[]]", "[\"~#list\",[]]")),
        Arguments.of(Codec.edn(), List.of("[]", "()", "#{}", "\"ci\"", "42", "nil", ":name", "#uuid \"3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\"")));
  }

  @ParameterizedTest
  @MethodSource("notMaps")
  void refusesATopLevelValueThatIsNotAMap(Codec codec, List<String> bodies) {
    for (String body : bodies) {
      assertMalformed(codec, body, Malformed.NOT_A_MAP);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"90", "c0", "2a", "a26369", "92a37e2327a26369"})
  void refusesATopLevelMsgpackValueThatIsNotAMap(String body) {
    assertMalformed(Codec.transitMsgpack(), hex(body), Malformed.NOT_A_MAP);
  }

  @ParameterizedTest
  @ValueSource(strings = {" {}", " x", "}", " []", "\"\""})
  void refusesDataAfterTheValueInEveryTextFormat(String after) {
    assertThatThrownBy(() -> Codec.json().decode(("{\"name\":\"ci\"}" + after).getBytes(UTF_8)))
        .isExactlyInstanceOf(MalformedBodyException.class);
    assertThatThrownBy(() -> Codec.transitJson().decode(("[\"^ \",\"~:name\",\"ci\"]" + after).getBytes(UTF_8)))
        .isExactlyInstanceOf(MalformedBodyException.class);
    assertThatThrownBy(() -> Codec.edn().decode(("{:name \"ci\"}" + after).getBytes(UTF_8)))
        .isExactlyInstanceOf(MalformedBodyException.class);
  }

  private static byte[] repeatBytes(byte[] unit, int times) {
    byte[] out = new byte[unit.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(unit, 0, out, i * unit.length, unit.length);
    }
    return out;
  }
}
