package dev.apikeys.codecs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.codecs.MalformedBodyException;
import dev.apikeys.core.Field;
import dev.apikeys.core.RequestFields;
import dev.apikeys.core.RotateFields;
import dev.apikeys.core.Violation;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transit cache codes, the parser reports, the error bodies' bounds and the typed fields. */
class SmallPartsTest {
  private static final int DIGITS = 44;
  private static final char BASE = 48;

  @Test
  void aCacheCodeNamesItsEntryOrNone() {
    assertThat(CheckedReadCache.index("^0")).isZero();
    assertThat(CheckedReadCache.index("^" + (char) (BASE + DIGITS - 1))).isEqualTo(DIGITS - 1);
    assertThat(CheckedReadCache.index("^" + (char) (BASE + DIGITS))).isEqualTo(-1);
    assertThat(CheckedReadCache.index("^" + (char) (BASE - 1))).isEqualTo(-1);
    assertThat(CheckedReadCache.index("^12")).isEqualTo(DIGITS + 2);
    assertThat(CheckedReadCache.index("^" + (char) (BASE + DIGITS - 1) + (char) (BASE + DIGITS - 1))).isEqualTo(DIGITS * DIGITS - 1);
    assertThat(CheckedReadCache.index("^" + (char) (BASE + DIGITS) + "0")).isEqualTo(-1);
    assertThat(CheckedReadCache.index("^0" + (char) (BASE + DIGITS))).isEqualTo(-1);
    assertThat(CheckedReadCache.index("^" + (char) (BASE - 1) + "0")).isEqualTo(-1);
    assertThat(CheckedReadCache.index("^")).isEqualTo(-1);
    assertThat(CheckedReadCache.index("^123")).isEqualTo(-1);
  }

  @Test
  void aParserReportKeepsTypesAndStackTracesButNoMessage() {
    Throwable chain = new IllegalStateException("secret 1");
    for (int i = 2; i <= 10; i++) {
      chain = new IllegalArgumentException("secret " + i, chain);
    }
    MalformedBodyException e = Malformed.because(Malformed.TOO_LONG, chain);
    Throwable report = e.getCause();
    int depth = 0;
    Throwable original = chain;
    for (Throwable t = report; t != null; t = t.getCause(), original = original.getCause()) {
      depth++;
      assertThat(t.getMessage()).doesNotContain("secret").contains(original.getClass().getName());
      assertThat(t.getStackTrace()).isEqualTo(original.getStackTrace());
    }
    assertThat(depth).as("the chain is cut at eight").isEqualTo(8);
    assertThat(Malformed.because(Malformed.TOO_LONG, new IllegalStateException("x")).getCause().getCause()).isNull();
    assertThat(Malformed.syntax("EDN")).isEqualTo("the body is not valid EDN");
  }

  @Test
  void errorTextIsCutByItsWorstCaseBytes() {
    assertThat(Document.worstCaseBytes('\u001f')).isEqualTo(6);
    assertThat(Document.worstCaseBytes(' ')).isEqualTo(1);
    assertThat(Document.worstCaseBytes('"')).isEqualTo(2);
    assertThat(Document.worstCaseBytes('\\')).isEqualTo(2);
    assertThat(Document.worstCaseBytes('\u007f')).isEqualTo(1);
    assertThat(Document.worstCaseBytes('\u0080')).isEqualTo(3);
    assertThat(Document.bounded("abcdef", 6)).isEqualTo("abcdef");
    assertThat(Document.bounded("abcdefg", 6)).isEqualTo("abc…");
    assertThat(Document.bounded("abcdefg", 5)).isEqualTo("ab…");
    assertThat(Document.bounded("ab\ud83d\ude80cdefgh", 7)).as("a pair is not split").isEqualTo("ab…");
    assertThat(Document.bounded("a\ud83d\ude80cdefgh", 9)).isEqualTo("a…");
    assertThat(Document.bounded("a\ud83d\ude80cdefgh", 10)).isEqualTo("a\ud83d\ude80…");
    assertThat(Document.bounded("a\ud800", 10)).isEqualTo("a\ufffd");
    assertThat(Document.bounded("abcdefg", 3)).isEqualTo("…");
  }

  @Test
  void fieldsOutsideTheRequestAreUnknownWhateverElseIsThere() {
    assertThat(RequestReader.read(map("name", "ci", "foo", 1)).unknownFields()).containsExactly("foo");
    assertThat(RequestReader.read(map("role", "viewer", "foo", 1)).unknownFields()).containsExactly("foo");
    assertThat(RequestReader.read(map("expires-at", "2027-01-01T00:00:00Z", "foo", 1)).unknownFields()).containsExactly("foo");
    RequestFields all = RequestReader.read(map("name", "ci", "role", "viewer", "expires-at", "2027-01-01T00:00:00Z"));
    assertThat(all.unknownFields()).isEmpty();
  }

  @Test
  void aGracePeriodBeyondALongIsOutOfRange() {
    RotateFields max = RequestReader.rotation(map("grace-seconds", BigInteger.valueOf(Long.MAX_VALUE)));
    assertThat(max.graceSeconds()).isEqualTo(Field.of(Long.MAX_VALUE));
    RotateFields beyond = RequestReader.rotation(map("grace-seconds", BigInteger.ONE.shiftLeft(63)));
    assertThat(beyond.graceSeconds()).isInstanceOfSatisfying(Field.Refused.class,
        r -> assertThat(r.code()).isEqualTo(Violation.OUT_OF_RANGE));
    assertThat(RequestReader.rotation(map("grace-seconds", 60)).graceSeconds()).isEqualTo(Field.of(60L));
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
