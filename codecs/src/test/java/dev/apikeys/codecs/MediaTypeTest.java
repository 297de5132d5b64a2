package dev.apikeys.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypeTest {
  @Test
  void parsesTypeSubtypeAndParametersIgnoringCaseOfNames() {
    MediaType type = MediaType.parse("Application/Transit+JSON; Charset=UTF-8;verbose=\"yes, please\"");

    assertThat(type.type()).isEqualTo("application");
    assertThat(type.subtype()).isEqualTo("transit+json");
    assertThat(type.essence()).isEqualTo("application/transit+json");
    assertThat(type.parameters()).containsExactly(Map.entry("charset", "UTF-8"), Map.entry("verbose", "yes, please"));
    assertThat(type.parameter("CHARSET")).contains("UTF-8");
  }

  @Test
  void comparesNamesCaseInsensitivelyAndValuesAsSent() {
    assertThat(MediaType.parse("APPLICATION/EDN")).isEqualTo(MediaType.APPLICATION_EDN);
    assertThat(MediaType.parse("application/edn; A=b")).isEqualTo(MediaType.parse("application/edn;a=b"));
    assertThat(MediaType.parse("application/edn; a=b")).isNotEqualTo(MediaType.parse("application/edn; a=B"));
    assertThat(MediaType.parse("application/edn; a=b").hashCode()).isEqualTo(MediaType.parse("Application/EDN;A=b").hashCode());
  }

  @Test
  void unquotesQuotedStringsWithEscapes() {
    assertThat(MediaType.parse("text/plain; x=\"a\\\"b\\\\c\"").parameter("x")).contains("a\"b\\c");
  }

  @Test
  void allowsWhiteSpaceAroundSemicolonsAndEmptyParameters() {
    assertThat(MediaType.parse("  application/json ;  charset=utf-8 ; ; ").parameters()).containsOnlyKeys("charset");
    assertThat(MediaType.parse("application/json;")).isEqualTo(MediaType.APPLICATION_JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "application", "application/", "/json", "application /json", "application/json; charset", "application/json; charset=", "application/json; a=1; a=2",
      "application/json; x=\"unterminated", "application/json, text/plain", "appli cation/json", "application/jso\u00f1"})
  void refusesWhatIsNotAMediaType(String text) {
    assertThat(MediaType.tryParse(text)).isEmpty();
    assertThatThrownBy(() -> MediaType.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printsTheHeaderFormQuotingWhereNeeded() {
    assertThat(MediaType.APPLICATION_JSON.withParameter("charset", "utf-8")).hasToString("application/json; charset=utf-8");
    assertThat(MediaType.parse("text/plain;x=\"a b\"")).hasToString("text/plain; x=\"a b\"");
    assertThat(MediaType.parse("text/plain;x=\"\"")).hasToString("text/plain; x=\"\"");
  }

  @Test
  void parsesWildcardsForMediaRanges() {
    assertThat(MediaType.parse("*/*").isWildcardType()).isTrue();
    assertThat(MediaType.parse("application/*").isWildcardSubtype()).isTrue();
    assertThat(MediaType.APPLICATION_JSON.isWildcardSubtype()).isFalse();
  }

  @Test
  void refusesNonTokensWhenBuilt() {
    assertThatThrownBy(() -> MediaType.of("application", "a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaType.APPLICATION_JSON.withParameter("a=b", "c")).isInstanceOf(IllegalArgumentException.class);
  }
}
