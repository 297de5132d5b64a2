package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.internal.Percent;
import java.net.URLEncoder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Percent-decoding of names and query components: strict UTF-8, {@code +} a space only in a query.
 * (The Unicode escapes below are Java's own, read with the source: the strings hold the characters.)
 */
class PercentTest {
  private static final int COUNT = Integer.getInteger("apikeys.fuzz.count", 10_000);
  private static final long SEED = Long.getLong("apikeys.fuzz.seed", 0x5eedc0de_2026L);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "deploy%20bot|deploy bot|deploy bot",
      "a+b|a+b|a b",
      "a%2Bb|a+b|a+b",
      "ci%2fcd|ci/cd|ci/cd",
      "%C3%A9%e2%98%95|é☕|é☕",
      "%F0%9F%9A%80|\ud83d\ude80|\ud83d\ude80",
      "é|é|é",
      "100%25|100%|100%",
      "''|''|''",
      "é%20|'é '|'é '",
      "\u0080%20|'\u0080 '|'\u0080 '",
      "\ud83d\ude80%20|'\ud83d\ude80 '|'\ud83d\ude80 '",
      "\ud83d\ude80b%20+|'\ud83d\ude80b +'|'\ud83d\ude80b  '",
      "x\ud83d\ude80|x\ud83d\ude80|x\ud83d\ude80",
      "%4a%4A%6f%46|JJoF|JJoF"})
  void decodesPercentEncodedUtf8(String raw, String inPath, String inQuery) {
    assertThat(Percent.decode(raw, false)).isEqualTo(inPath);
    assertThat(Percent.decode(raw, true)).isEqualTo(inQuery);
  }

  @ParameterizedTest
  @CsvSource({"%", "%2", "%zz", "%2G", "%\u0663\u0663", "a%", "%C3", "%C3%28", "%ED%A0%80", "%C0%AF", "%F4%90%80%80", "%FF",
      "\ud800", "a\udc00b", "a\ud800%20", "a\udc00%20", "\ud83d%20", "%20\ud83d"})
  void refusesWhatIsNotPercentEncodedUtf8(String raw) {
    assertThat(Percent.decode(raw, false)).isNull();
    assertThat(Percent.decode(raw, true)).isNull();
  }

  @Test
  void decodesWhatUrlEncoderEncodesForAnyText() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < COUNT; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        int cp = switch (random.nextInt(4)) {
          case 0 -> random.nextInt(0x20, 0x7f);
          case 1 -> random.nextInt(0, 0x800);
          case 2 -> random.nextInt(0xe000, 0x10000);
          default -> random.nextInt(0x10000, 0x110000);
        };
        text.appendCodePoint(cp);
      }
      String encoded = URLEncoder.encode(text.toString(), UTF_8);

      assertThat(Percent.decode(encoded, true)).as("seed %d, input %d: %s", SEED, i, encoded).isEqualTo(text.toString());
      assertThat(Percent.decode(encoded.replace("+", "%20"), false)).isEqualTo(text.toString());
    }
  }
}
