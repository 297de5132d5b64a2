package dev.apikeys.codecs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.internal.EdnValues.Keyword;
import dev.apikeys.codecs.internal.EdnValues.Symbol;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The EDN reader's building blocks at their edges: what clojure.instant, clojure.edn's number and
 * symbol patterns and Clojure's equality decide, case by case (the parity and differential tests
 * compare whole bodies with the reference reader; these pin the boundaries they rarely hit).
 */
class EdnInternalsTest {
  @ParameterizedTest
  @CsvSource({
      "2024-02-29, 2024-02-29T00:00:00Z",
      "2000-02-29, 2000-02-29T00:00:00Z",
      "2026-12-31T23:59:59, 2026-12-31T23:59:59Z",
      "2026-01-01T00:00:00.1Z, 2026-01-01T00:00:00.100Z",
      "2026-01-01T00:00:00.123456789999Z, 2026-01-01T00:00:00.123Z",
      "2026-06-30T12:00:00-05:30, 2026-06-30T17:30:00Z",
      "2026-06-30T12:00:00+23:59, 2026-06-29T12:01:00Z",
      "2026-06-30T12:00:00+00:45, 2026-06-30T11:15:00Z",
      "2026-06-30T23:59:60Z, 2026-07-01T00:00:00Z",
      "2026-06-30T12:00:00-00:00, 2026-06-30T12:00:00Z",
      "2026, 2026-01-01T00:00:00Z"})
  void readsTimestampsAsClojureInstantDoes(String text, String expected) {
    Date date = EdnLiterals.instant(text);
    assertThat(date).isNotNull();
    assertThat(date.toInstant()).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2023-02-29", "1900-02-29", "2100-02-29", "2026-00-01", "2026-13-01", "2026-01-00", "2026-01-32",
      "2026-04-31", "2026-01-01T24:00", "2026-01-01T00:60", "2026-01-01T00:58:60", "2026-01-01T00:00:00+24:00",
      "2026-01-01T00:00:00+00:60", "26-01-01", "2026-1-1"})
  void refusesTimestampsClojureInstantRefuses(String text) {
    assertThat(EdnLiterals.instant(text)).isNull();
  }

  @Test
  void readsIntegersAsClojureEdnDoes() {
    assertThat(EdnLiterals.number("0N")).isEqualTo(BigInteger.ZERO);
    assertThat(EdnLiterals.number("-0")).isEqualTo(0L);
    assertThat(EdnLiterals.number("123")).isEqualTo(123L);
    assertThat(EdnLiterals.number("08")).isNull();
    for (String plain : List.of("0", "-0", "+7", "123456789012345678", "9")) {
      assertThat(EdnLiterals.isPlainInteger(plain)).as(plain).isTrue();
    }
    for (String other : List.of("-", "+", "00", "-01", "12a", "1.0", "0x1", "1/2", "a")) {
      assertThat(EdnLiterals.isPlainInteger(other)).as(other).isFalse();
    }
  }

  @Test
  void tellsSymbolsAndKeywordsAsClojureEdnDoes() {
    for (String symbol : List.of("a", "a1", "a/b", "/", "ab/cd", ":a", ":a/b", "é", "a.b/c-d", "+", "-a", "a/-", "a/b/c", ":1")) {
      assertThat(EdnLexer.isSymbol(symbol)).as(symbol).isTrue();
    }
    for (String other : List.of("a/", "a:", "a::b", "::a", ":a:/b", "1a", ":")) {
      assertThat(EdnLexer.isSymbol(other)).as(other).isFalse();
    }
    assertThat(EdnLexer.isPlain("a/b", 0)).isTrue();
    assertThat(EdnLexer.isPlain("ab", 0)).isTrue();
    for (String notPlain : List.of("", "/a", "a/", "a//b", "a/b/c", "a/1", "1", "é", "a b", "a\"b")) {
      assertThat(EdnLexer.isPlain(notPlain, 0)).as(notPlain).isFalse();
    }
    assertThat(EdnLexer.isPlain(":", 1)).isFalse();
    assertThat(EdnLexer.isAsciiDigit('0')).isTrue();
    assertThat(EdnLexer.isAsciiDigit('9')).isTrue();
    assertThat(EdnLexer.isAsciiDigit('/')).isFalse();
    assertThat(EdnLexer.isAsciiDigit(':')).isFalse();
  }

  @Test
  void comparesAsClojuresEqualityDoes() {
    assertThat(EdnValues.equalityKey(BigInteger.ONE)).isEqualTo(1L);
    assertThat(EdnValues.equalityKey(BigInteger.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(EdnValues.equalityKey(BigInteger.ONE.shiftLeft(63))).isEqualTo(BigInteger.ONE.shiftLeft(63));
    assertThat(EdnValues.equalityKey(-0.0)).isEqualTo(0.0);
    assertThat(EdnValues.equalityKey(1.5)).isEqualTo(1.5);
    assertThat(EdnValues.equalityKey(new BigDecimal("1.50"))).isEqualTo(new BigDecimal("1.5"));
    assertThat(EdnValues.equalityKey(new BigDecimal("0.00"))).isEqualTo(BigDecimal.ZERO);
    assertThat(EdnValues.equalityKey(List.of(BigInteger.ONE))).isEqualTo(List.of(1L));
    assertThat(EdnValues.equalityKey(Set.of(BigInteger.ONE))).isEqualTo(Set.of(1L));
    assertThat(EdnValues.equalityKey(Map.of(BigInteger.ONE, BigInteger.TWO))).isEqualTo(Map.of(1L, 2L));
    assertThat(EdnValues.equalityKey("a")).isEqualTo("a");
  }

  @Test
  void namespacedMapKeysTakeTheMapsNamespace() {
    assertThat(EdnValues.inNamespace(new Keyword("a"), "ns")).isEqualTo(new Keyword("ns/a"));
    assertThat(EdnValues.inNamespace(new Keyword("_/a"), "ns")).isEqualTo(new Keyword("a"));
    assertThat(EdnValues.inNamespace(new Keyword("x/a"), "ns")).isEqualTo(new Keyword("x/a"));
    assertThat(EdnValues.inNamespace(new Symbol("a"), "ns")).isEqualTo(new Symbol("ns/a"));
    assertThat(EdnValues.inNamespace(new Symbol("_/a"), "ns")).isEqualTo(new Symbol("a"));
    assertThat(EdnValues.inNamespace(new Symbol("x/a"), "ns")).isEqualTo(new Symbol("x/a"));
    assertThat(EdnValues.inNamespace("a", "ns")).isEqualTo("a");
  }

  @Test
  void splitsKeywordsAndSymbolsAtTheirSlash() {
    assertThat(new Keyword("a/b").namespace()).isEqualTo("a");
    assertThat(new Keyword("a/b").name()).isEqualTo("b");
    assertThat(new Keyword("a").namespace()).isNull();
    assertThat(new Keyword("a").name()).isEqualTo("a");
    assertThat(new Keyword("/").namespace()).isNull();
    assertThat(new Keyword("/").name()).isEqualTo("/");
    assertThat(new Symbol("a/b").namespace()).isEqualTo("a");
    assertThat(new Symbol("a/b").name()).isEqualTo("b");
  }
}
