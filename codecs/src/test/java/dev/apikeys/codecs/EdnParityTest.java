package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.codecs.internal.Malformed;
import dev.apikeys.core.ErrorCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The EDN decoder reads what {@code clojure.edn/read-string} reads and refuses what it refuses,
 * case by case; each test asks the reference reader too, so that an expectation here cannot drift
 * from Clojure's. The documented refusals (symbols, metadata, non-map top level, …) are the
 * exceptions, each named where it is tested. {@link EdnDifferentialTest} searches for more cases.
 */
class EdnParityTest {
  private static Map<String, Object> decode(String body) {
    return Codec.edn().decode(body.getBytes(UTF_8));
  }

  /** clojure.edn reads the body to a map, and the codec decodes it to the same field names. */
  private static Map<String, Object> assertBothRead(String body) {
    Object clojure;
    try {
      clojure = ClojureReference.read(body);
    } catch (RuntimeException e) {
      throw new AssertionError("clojure.edn refuses " + body + ": " + e, e);
    }
    assertThat(clojure).as("what clojure.edn reads from %s", body).isInstanceOf(Map.class);
    List<String> names = new ArrayList<>();
    ((Map<?, ?>) clojure).keySet().forEach(k -> names.add(k instanceof clojure.lang.Keyword kw
        ? (kw.getNamespace() == null ? kw.getName() : kw.getNamespace() + "/" + kw.getName())
        : (String) k));
    Map<String, Object> fields = decode(body);
    assertThat(fields.keySet()).as(body).containsExactlyInAnyOrderElementsOf(names);
    return fields;
  }

  private static void assertBothRefuse(String body) {
    assertThatThrownBy(() -> ClojureReference.read(body), "clojure.edn reads %s", body).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> decode(body), "the codec decodes %s", body).isExactlyInstanceOf(MalformedBodyException.class);
  }

  /** The value of the field {@code name} in {@code {:name <value>}}, which both readers read. */
  private static Object nameOf(String value) {
    return assertBothRead("{:name " + value + "}").get("name");
  }

  // --- strings ----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"{:name \"a\\'b\"}", "{:name \"ci\" :role \"\\'\"}"})
  void refusesTheStringEscapeBackslashApostropheAsClojureEdnDoes(String body) {
    assertBothRefuse(body);
  }

  @Test
  void readsEveryStringEscapeClojureEdnReads() {
    Map<String, String> escapes = Map.ofEntries(
        Map.entry("\\t", "\t"), Map.entry("\\r", "\r"), Map.entry("\\n", "\n"), Map.entry("\\\\", "\\"),
        Map.entry("\\\"", "\""), Map.entry("\\b", "\b"), Map.entry("\\f", "\f"), Map.entry("\\u00e9", "é"),
        Map.entry("\\u00E9", "é"), Map.entry("\\uD83D\\uDE80", "\uD83D\uDE80"),
        // octal: one to three digits up to 377, ended by a fourth character, white space or a delimiter
        Map.entry("\\0", "\0"), Map.entry("\\7", "\7"), Map.entry("\\101", "A"), Map.entry("\\377", "\u00ff"),
        Map.entry("\\1010", "A0"), Map.entry("\\1 x", "\1 x"), Map.entry("\\12,", "\n,"), Map.entry("\\1\\n", "\1\n"),
        Map.entry("\\1#", "\1#"));
    escapes.forEach((escape, expected) -> assertThat(nameOf("\"" + escape + "\"")).as(escape).isEqualTo(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\'", "\\a", "\\v", "\\x41", "\\/", "\\ ", "\\U00e9", "\\u12", "\\u12G4", "\\u", "\\400", "\\8", "\\18",
      "\\1a", "\\1'"})
  void refusesStringEscapesClojureEdnRefuses(String escape) {
    assertBothRefuse("{:name \"a" + escape + "b\"}");
  }

  // --- keywords ---------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"{:role: \"x\"}", "{:name :role:}", "{:a/b: 1}", "{:a::b 1}", "{::a 1}", "{: 1}", "{:name \"ci\" :role :}"})
  void refusesKeywordsEndingInAColonOrWithTwoColonsAsClojureEdnDoes(String body) {
    assertBothRefuse(body);
  }

  @Test
  void decodesKeywordKeysThatClojureEdnReadsThoughTheEdnSpecDoesNot() {
    Map<String, String> keys = Map.ofEntries(Map.entry(":1role", "1role"), Map.entry(":nam'e", "nam'e"), Map.entry(":-1", "-1"),
        Map.entry(":é", "é"), Map.entry(":#a", "#a"), Map.entry(":a/b/c", "a/b/c"), Map.entry(":a//b", "a//b"), Map.entry(":/", "/"),
        Map.entry(":a:b", "a:b"), Map.entry(":.5", ".5"), Map.entry(":a|b", "a|b"), Map.entry(":'", "'"), Map.entry(":1", "1"));
    keys.forEach((keyword, name) -> assertThat(assertBothRead("{" + keyword + " \"ci\"}")).as(keyword).containsOnlyKeys(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {":1role", ":nam'e", ":-1", ":é", ":a/b/c"})
  void decodesTheSameKeywordsAsValues(String keyword) {
    assertThat(nameOf(keyword)).isNotNull().isNotInstanceOf(String.class).hasToString(keyword);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{:a/ 1}", "{:/a 1}", "{:a/1 1}", "{:a@b 1}", "{:a~b 1}", "{:a`b 1}", "{:a:/b 1}", "{:@a 1}"})
  void refusesKeywordsClojureEdnRefuses(String body) {
    assertBothRefuse(body);
  }

  // --- ##Inf, ##-Inf, ##NaN ---------------------------------------------------------------------

  @Test
  void decodesInfNegativeInfAndNaNAsDoubles() {
    assertThat(assertBothRead("{:name ##Inf :role ##-Inf :x ##NaN}")).containsEntry("name", Double.POSITIVE_INFINITY)
        .containsEntry("role", Double.NEGATIVE_INFINITY).containsEntry("x", Double.NaN);
    assertThat(nameOf("[##Inf ##NaN]")).isEqualTo(List.of(Double.POSITIVE_INFINITY, Double.NaN));
    assertThat(nameOf("## Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(nameOf("##;comment\n#_ skipped -Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(assertBothRead("{:name ##NaN}")).containsOnlyKeys("name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{:name ##inf}", "{:name ##+Inf}", "{:name ##Foo}", "{:name ##1}", "{:name ##\"Inf\"}", "{:name ##}",
      "{:name ##Inf'}", "{:name ###Inf}", "{:name ##nil}", "{:name ##[Inf]}"})
  void refusesSymbolicValuesOtherThanInfNegativeInfAndNaN(String body) {
    assertBothRefuse(body);
  }

  @Test
  void aSymbolicValueWhereAStringBelongsIsTheServicesWrongTypeViolationLikeANumber() {
    Tenants tenants = new Tenants();
    ApikeyEndpoint endpoint = tenants.endpoint();
    for (String value : List.of("##Inf", "##-Inf", "##NaN", "1.5")) {
      byte[] body = ("{:name " + value + " :role \"operator\"}").getBytes(UTF_8);
      EndpointResponse response = endpoint.handle(Requests.post(Format.EDN).as(tenants.admin).body(body).build());

      assertThat(response.status()).as(value).isEqualTo(ErrorCode.INVALID_REQUEST.status());
      assertThat(Format.EDN.read(response.body()).get("violations")).as(value)
          .isEqualTo(List.of(Map.of("field", "name", "code", "wrong-type", "message", "name must be a string")));
    }
  }

  // --- characters and numbers -------------------------------------------------------------------

  @Test
  void readsCharacterLiteralsAsClojureEdnDoes() {
    assertThat(nameOf("\\ ")).isEqualTo(' ');
    assertThat(nameOf("\\o101")).isEqualTo('A');
    assertThat(nameOf("\\o7")).isEqualTo('\7');
    assertThat(nameOf("\\u00e9")).isEqualTo('é');
    assertThat(nameOf("\\newline")).isEqualTo('\n');
    assertThat(nameOf("\\(")).isEqualTo('(');
  }

  @ParameterizedTest
  @ValueSource(strings = {"{:name \\uD800}", "{:name \\o400}", "{:name \\o1234}", "{:name \\o8}", "{:name [\\a#{}]}", "{:name \\abc}",
      "{:name \\u12}", "{:name \\a@}"})
  void refusesCharacterLiteralsClojureEdnRefuses(String body) {
    assertBothRefuse(body);
  }

  @Test
  void readsNumbersInEverySyntaxClojureEdnReads() {
    assertThat(nameOf("0x1F")).isEqualTo(31L);
    assertThat(nameOf("-0X10")).isEqualTo(-16L);
    assertThat(nameOf("017")).isEqualTo(15L);
    assertThat(nameOf("00")).isEqualTo(0L);
    assertThat(nameOf("2r101")).isEqualTo(5L);
    assertThat(nameOf("36rZZ")).isEqualTo(1295L);
    assertThat(nameOf("+1")).isEqualTo(1L);
    assertThat(nameOf("1.")).isEqualTo(1.0);
    assertThat(nameOf("09.5")).isEqualTo(9.5);
    assertThat(nameOf("1.5M")).isEqualTo(new BigDecimal("1.5"));
    assertThat(nameOf("1/2")).isNotNull().isNotInstanceOf(String.class).hasToString("1/2");
    assertThat(nameOf("-2/4")).hasToString("-1/2");
    assertThat(nameOf("4/2")).isEqualTo(2L);
    assertThat(nameOf("9223372036854775808")).isEqualTo(new java.math.BigInteger("9223372036854775808"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"08", "-09", "1/0", "0/0", "0x", "1.5N", "37r1", "2r2", "1/2N", "1/-2", "1e", "1ee5", "1.5.5", "1a", "1#"})
  void refusesNumbersClojureEdnRefuses(String number) {
    assertBothRefuse("{:name " + number + "}");
  }

  // --- white space ------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"\u2003", "\u3000", "\u2028", "\u000b", "\u001c", "\u1680"})
  void readsUnicodeWhiteSpaceBetweenValuesAsClojureEdnDoes(String space) {
    assertThat(assertBothRead("{:name" + space + "\"ci\"" + space + ":role \"operator\"}")).containsOnlyKeys("name", "role");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\u0001", "\u007f", "\u00a0", "\ufeff", "\u200b"})
  void treatsControlCharactersAndNoBreakSpacesAsPartOfAWordAsClojureEdnDoes(String notSpace) {
    assertBothRefuse("{:name \"ci\" " + notSpace + "}");
    assertThat(assertBothRead("{:name" + notSpace + " \"ci\"}")).containsOnlyKeys("name" + notSpace);
  }

  // --- maps, sets, tags -------------------------------------------------------------------------

  @Test
  void readsNamespacedMapsAsClojureEdnDoes() {
    assertThat(assertBothRead("#: acme {:name \"ci\"}")).containsOnlyKeys("acme/name");
    assertThat(assertBothRead("#:acme{:_/name \"ci\" \"role\" \"operator\" :x/y 1}")).containsOnlyKeys("name", "role", "x/y");
  }

  @ParameterizedTest
  @ValueSource(strings = {"#:acme ;c\n{:name \"ci\"}", "#:acme #_x {:name \"ci\"}", "#:a/b{:name \"ci\"}", "#:1{:name \"ci\"}",
      "#:acme{:name 1 :acme/name 2}", "#:{:name \"ci\"}", "#:nil{:name \"ci\"}"})
  void refusesNamespacedMapsClojureEdnRefuses(String body) {
    assertBothRefuse(body);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{:name #{1 1N}}", "{:name #{[1] (1)}}", "{:name #{0.0 -0.0}}", "{:name #{1.0M 1.00M}}",
      "{:name #{##NaN ##NaN}}", "{:name {1 :a 1N :b}}", "{:name {[1] 1 (1) 2}}", "{:name #{#{1 2} #{2 1}}}", "{:name #{1/2 2/4}}"})
  void refusesSetElementsAndMapKeysThatClojureCallsEqual(String body) {
    assertBothRefuse(body);
  }

  @Test
  void readsSetElementsThatClojureCallsDifferent() {
    assertThat(nameOf("#{1 1.0 1M \"1\" \\1 :1}")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.COLLECTION).hasSize(6);
  }

  @Test
  void readsInstantsWithMoreThanNineDigitsOfFractionAsClojureEdnDoes() {
    assertThat(nameOf("#inst \"2026-01-02T03:04:05.1234567890Z\"")).isEqualTo(Date.from(Instant.parse("2026-01-02T03:04:05.123Z")));
    assertThat(nameOf("#inst #_ \"skipped\" \"2026\"")).isEqualTo(Date.from(Instant.parse("2026-01-01T00:00:00Z")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{:name #inst \"2026-02-29\"}", "{:name #inst \"2026-01-02T03:04:60Z\"}", "{:name #inst 1}",
      "{:name #inst #inst \"2026\"}", "{:name #uuid \"x\"}", "{:name #uuid 1}", "{:name #nil 1}", "{:name # inst \"2026\"}",
      "{:name #<x>}", "{:name #!x}"})
  void refusesTagsClojureEdnRefuses(String body) {
    assertBothRefuse(body);
  }

  // --- documented refusals: clojure.edn reads these, the codec does not --------------------------

  @ParameterizedTest
  @ValueSource(strings = {"{:name ^:x [\"ci\"]}", "^:x {:name \"ci\"}", "{:name #^:x []}", "{:name ^{:a 1} (1)}", "{:name ^x []}"})
  void refusesMetadataWhichClojureEdnReadsButEdnDoesNotDefine(String body) {
    assertThat(ClojureReference.read(body)).isInstanceOf(Map.class);
    assertThatThrownBy(() -> decode(body)).isExactlyInstanceOf(MalformedBodyException.class).hasMessage(Malformed.METADATA);
  }

  @Test
  void readsSymbolsInsideDiscardedFormsAsClojureEdnDoesAndRefusesThemElsewhere() {
    assertThat(assertBothRead("{:name \"ci\" #_ skipped :role #_ [a b/c] \"operator\"}")).containsOnlyKeys("name", "role");
    assertThat(ClojureReference.read("{:name ci}")).isInstanceOf(Map.class);
    assertThatThrownBy(() -> decode("{:name ci}")).hasMessage(Malformed.SYMBOL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{:name \"ci\" #_ a:}", "{:name \"ci\" #_ #foo 1}", "{:name \"ci\" #_ {:a 1 :a 2}}", "{:name \"ci\" #_ ##Foo}",
      "{:name \"ci\" #_ \"\\'\"}"})
  void refusesInsideDiscardedFormsWhatClojureEdnRefusesThere(String body) {
    assertBothRefuse(body);
  }
}
