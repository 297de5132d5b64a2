package dev.apikeys.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The edges of RFC 9110's token and quoted-string, character by character. */
class MediaTypeGrammarTest {
  @Test
  void tokensAreLettersDigitsAndTheSeparatorsTheRfcAllows() {
    assertThat(MediaType.parse("AZaz09/!#$%&'*+-.^_`|~").essence()).isEqualTo("azaz09/!#$%&'*+-.^_`|~");
    for (char c : new char[] {'@', '[', '{', ':', '/', '"', '(', ',', '\u007f', '\u00e9'}) {
      String text = "a" + c + "/b";
      assertThatThrownBy(() -> MediaType.parse(text)).as("%s", text).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> MediaType.parse("application")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaType.parse("text/plain; charset")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaType.parse("text/plain charset=utf-8")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quotedStringsHoldTabsSpacesVisibleAndObsoleteText() {
    assertThat(MediaType.parse("a/b; x=\"\t !~\u0080\u00ff\"").parameter("x")).contains("\t !~\u0080\u00ff");
    assertThat(MediaType.parse("a/b; x=\"\\\t\\ \\!\\~\\\u0080\\\u00ff\"").parameter("x")).contains("\t !~\u0080\u00ff");
    assertThat(MediaType.parse("a/b; x=\"\"; y=z").parameters()).containsEntry("x", "").containsEntry("y", "z");
    assertThat(MediaType.parse("a/b; x=\"yz\"").parameter("x")).contains("yz");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b; x=\"\u0001\"", "a/b; x=\"\u001f\"", "a/b; x=\"\u007f\"", "a/b; x=\"\u0100\"",
      "a/b; x=\"\\\u007f\"", "a/b; x=\"\\\u0100\"", "a/b; x=\"\\\u0001\"", "a/b; x=\"abc", "a/b; x=\"abc\\", "a/b; x=\"a\"b\""})
  void refusesWhatAQuotedStringCannotHold(String text) {
    assertThatThrownBy(() -> MediaType.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anErrorQuotesAtMostSixtyFourCharacters() {
    String sixtyFour = "a".repeat(63) + "@";
    assertThatThrownBy(() -> MediaType.parse(sixtyFour)).hasMessageContaining("'" + sixtyFour + "'");
    String longer = sixtyFour + "bcdef";
    assertThatThrownBy(() -> MediaType.parse(longer)).hasMessageContaining("'" + sixtyFour + "…'").hasMessageNotContaining("bcdef");
  }

  @Test
  void differentTypesHashDifferently() {
    assertThat(MediaType.parse("a/b").hashCode()).isNotEqualTo(MediaType.parse("a/c").hashCode());
  }
}
