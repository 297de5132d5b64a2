package dev.apikeys.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NameOrderTest {
  /** Where UTF-16 order and code-point order part ways, and where they do not. */
  private static final char[] ALPHABET = {
    'a', 'b', 'z', '0', ' ', '\u00e9', '\u0100', '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\uffff', '\uff00'
  };

  @Test
  void sortsCharactersAboveUffffAfterThoseBelow() {
    String aboveFfff = new String(Character.toChars(0x1f600)); // a surrogate pair
    assertThat(NameOrder.compare(aboveFfff, "\ue000")).isPositive();
    assertThat(NameOrder.compare("\ue000", aboveFfff)).isNegative();
    assertThat(aboveFfff.compareTo("\ue000")).as("UTF-16 order differs").isNegative();
  }

  @Test
  void sortsPrefixesFirstAndEqualNamesTogether() {
    assertThat(NameOrder.compare("ci", "ci-deploy")).isNegative();
    assertThat(NameOrder.compare("ci-deploy", "ci")).isPositive();
    assertThat(NameOrder.compare("ci", "ci")).isZero();
    assertThat(NameOrder.compare("", "a")).isNegative();
  }

  @Test
  void agreesWithCodePointOrderOnRandomTextIncludingUnpairedSurrogates() {
    long seed = 20261201L;
    Random random = new Random(seed);
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      words.add(word(random));
    }
    for (int i = 0; i < 200_000; i++) {
      String a = words.get(random.nextInt(words.size()));
      String b = random.nextInt(4) == 0 ? a + word(random) : words.get(random.nextInt(words.size()));
      assertThat(Integer.signum(NameOrder.compare(a, b)))
          .as("seed %d: %s vs %s", seed, escaped(a), escaped(b))
          .isEqualTo(Integer.signum(byCodePoints(a, b)));
    }
  }

  private static String word(Random random) {
    char[] c = new char[random.nextInt(5)];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }

  /** The definition: compare the sequences of code points (an unpaired surrogate counts as itself). */
  private static int byCodePoints(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    return java.util.Arrays.compare(x, y);
  }

  private static String escaped(String s) {
    StringBuilder b = new StringBuilder();
    s.chars().forEach(c -> b.append(String.format("\\u%04x", c)));
    return b.toString();
  }
}
