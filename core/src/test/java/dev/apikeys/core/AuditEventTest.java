package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.KeyDigest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The edges of what an audit event shows: which characters a log line escapes, and where a run of digits counts as a key. */
class AuditEventTest {
  private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
  private static final UUID KEY = UUID.fromString("3f2b8c1d-9e4a-4b7f-8c6d-2a1e0f9b7c5d");
  private static final String SHOWN = "<key-shaped key:" + KeyDigest.ofKey(KEY).fingerprint() + ">";

  private static String logLineOfTenant(String tenant) {
    return new AuditEvent(AT, AuditEvent.Action.AUTHENTICATE, tenant, null, null, AuditEvent.Outcome.REFUSED, "unauthenticated")
        .toLogLine();
  }

  @Test
  void aLogLineEscapesC0AndC1ControlsDeleteAndLineSeparatorsAndNothingElse() {
    assertThat(logLineOfTenant("\u001f \u007e\u007f\u0080\u009f\u00a0\u2027\u2028\u2029\u202a"))
        .isEqualTo("audit action=authenticate outcome=refused error=unauthenticated"
            + " tenant=\"\\u001f \u007e\\u007f\\u0080\\u009f\u00a0\u2027\\u2028\\u2029\u202a\" at=2026-11-27T10:00:00Z");
  }

  @Test
  void aLogLineLeavesOutWhatAnEventDoesNotHave() {
    AuditEvent success = new AuditEvent(AT, AuditEvent.Action.REVOKE, null, "key:1", null, AuditEvent.Outcome.SUCCESS, null);
    assertThat(success.toLogLine()).isEqualTo("audit action=revoke outcome=success actor=\"key:1\" at=2026-11-27T10:00:00Z");
  }

  @Test
  void nineteenHexDigitsBeforeAKeyAreKeptAsARunOfTheirOwn() {
    String nineteen = "0123456789abcdef012";
    assertThat(AuditEvent.presented(nineteen + KEY)).isEqualTo(nineteen + SHOWN);
  }

  @Test
  void twentyHexDigitsBeforeAKeyAreRedactedAndTheHyphenBetweenIsKept() {
    String twenty = "0123456789abcdef0123";
    assertThat(AuditEvent.presented(twenty + "-" + KEY)).isEqualTo("<key-shaped>-" + SHOWN);
    assertThat(AuditEvent.presented(twenty + "--" + KEY + " x")).isEqualTo("<key-shaped>--" + SHOWN + " x");
  }

  @Test
  void thirtyTwoDigitsWithHyphensBeforeAKeyAreShownAsTheKeyTheyWouldBe() {
    String digits = KEY.toString().replace("-", "");
    String split = digits.substring(0, 16) + "-" + digits.substring(16);
    UUID other = UUID.fromString("0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3");
    assertThat(AuditEvent.presented(split + "-" + other))
        .isEqualTo(SHOWN + "-<key-shaped key:" + KeyDigest.ofKey(other).fingerprint() + ">");
  }

  @Test
  void thirtyTwoDigitsThatEndTheTextAfterAHyphenAreAKeyWhateverComesBefore() {
    String digits = KEY.toString().replace("-", "");
    assertThat(AuditEvent.presented("abc-" + digits)).isEqualTo("abc-" + SHOWN);
    assertThat(AuditEvent.presented("0123456789abcdef0123-" + digits)).isEqualTo("<key-shaped>-" + SHOWN);
  }

  @Test
  void textOfExactlyTheLimitIsKeptWholeAndLongerTextIsCut() {
    String limit = "t".repeat(256);
    assertThat(AuditEvent.cut(limit)).isEqualTo(limit);
    assertThat(AuditEvent.cut(limit + "u")).isEqualTo(limit);
    assertThat(AuditEvent.presented(limit + "u")).isEqualTo(limit);
  }
}
