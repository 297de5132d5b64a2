package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.spi.KeyDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A key that a client sends where a tenant or a name belongs is refused, and the refusal's audit
 * event must not carry it: clients swap the two headers, and paste keys into the wrong field.
 */
class AuditRedactionTest {
  private final List<AuditEvent> events = new ArrayList<>();
  private final ApikeyService service =
      ApikeyService.builder().store(new LifecycleTest.FirstVersionStore()).auditSink(events::add).build();
  private final CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
  private final String key = root.key().toString();
  private final String shown = "<key-shaped key:" + KeyDigest.ofKey(root.key()).fingerprint() + ">";

  @Test
  void aKeySentAsTheTenantIsNotInTheRefusal() {
    events.clear();
    assertThatThrownBy(() -> service.authenticate(key, "acme")).isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> service.authenticate(key.toUpperCase(Locale.ROOT), key)).isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> service.authenticate("x " + key + " y", key)).isInstanceOf(UnauthenticatedException.class);

    assertThat(events).hasSize(3).allSatisfy(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
      assertThat(e.toLogLine().toLowerCase(Locale.ROOT)).doesNotContain(key);
      assertThat(e.tenant()).contains(shown);
    });
    assertThat(events.get(2).tenant()).isEqualTo("x " + shown + " y");
  }

  @Test
  void aKeySentAsANameIsNotInTheRefusal() {
    Caller caller = service.authenticate("acme", key);
    events.clear();
    assertThatThrownBy(() -> service.create(caller, new ApikeyRequest(key, "no-such-role"))).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> service.create(caller, new ApikeyRequest(key.replace("-", ""), "no-such-role")))
        .isInstanceOf(InvalidRequestException.class);

    assertThat(events).hasSize(2).allSatisfy(e -> {
      assertThat(e.toLogLine()).doesNotContain(key, key.replace("-", ""));
      assertThat(e.target()).isEqualTo(shown);
    });
  }

  @Test
  void aKeyCutInTwoByTheLengthLimitLeavesNoPartInTheEvent() {
    String padded = "t".repeat(240) + key;
    assertThatThrownBy(() -> service.authenticate(padded, key)).isInstanceOf(UnauthenticatedException.class);

    String tenant = events.get(events.size() - 1).tenant();
    assertThat(tenant).hasSizeLessThanOrEqualTo(256).startsWith("t".repeat(240)).doesNotContain(key.substring(0, 8));
  }

  @Test
  void otherTextAndSuccessfulEventsAreLeftAlone() {
    assertThatThrownBy(() -> service.authenticate("initech", key)).isInstanceOf(UnauthenticatedException.class);
    assertThat(events.get(events.size() - 1).tenant()).isEqualTo("initech");
    String uuidTenant = UUID.randomUUID().toString();
    CreatedApikey inUuidTenant = service.createBootstrapKey(uuidTenant, new ApikeyRequest("root", "admin"));
    events.clear();
    service.authenticate(uuidTenant, inUuidTenant.key().toString());
    service.create(service.authenticate(uuidTenant, inUuidTenant.key().toString()), new ApikeyRequest("ci", "viewer"));
    assertThat(events).last().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
      assertThat(e.tenant()).as("a tenant named by a UUID, in an event that succeeded").isEqualTo(uuidTenant);
    });
    String almost = "a".repeat(19) + "g" + "x".repeat(40) + "1-1-1-1-1" + " deadbeef-cafe-2026 v1-2-3-4 " + "f".repeat(16);
    assertThat(AuditEvent.presented(almost)).as("runs of fewer than 20 hex digits").isEqualTo(almost);
    assertThat(AuditEvent.presented(null)).isNull();
  }

  // --- whatever surrounds a key ---------------------------------------------------------------

  /**
   * How a key may be written: the canonical form or the 32 digits alone, in lower, upper or mixed
   * case. {@link #spell} writes any UUID the same way, so that two keys spelled alike differ in
   * their digits only.
   */
  private enum Spelling {
    CANONICAL, CANONICAL_UPPER, CANONICAL_MIXED, DIGITS, DIGITS_UPPER, DIGITS_MIXED;

    String spell(UUID key) {
      String canonical = key.toString();
      String text = name().startsWith("CANONICAL") ? canonical : canonical.replace("-", "");
      StringBuilder out = new StringBuilder(text.length());
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        boolean upper = name().endsWith("UPPER") || name().endsWith("MIXED") && i % 3 != 1;
        out.append(upper ? Character.toUpperCase(c) : c);
      }
      return out.toString();
    }
  }

  /** The key with every hex digit changed (d to d+1 mod 16): what no character of the key may survive. */
  private static UUID everyDigitChanged(UUID key) {
    StringBuilder out = new StringBuilder(36);
    for (char c : key.toString().toCharArray()) {
      out.append(c == '-' ? c : Character.forDigit((Character.digit(c, 16) + 1) % 16, 16));
    }
    return UUID.fromString(out.toString());
  }

  /** The event's text with each redaction marker (and the fingerprints in it, which are safe to show) made alike. */
  private static String withoutFingerprints(String s) {
    return s == null ? null : s.replaceAll("<key-shaped[^>]*>?", "<key-shaped>");
  }

  /**
   * No character of the key is in the text: the same text around a key that differs in every
   * digit gives the same result, fingerprints aside. And, as a second look that needs no such
   * pair, no 8 of the key's digits in a row are in it, in any case, with or without hyphens.
   */
  private static void assertNoPartOfTheKey(Function<String, String> redact, String before, UUID key, Spelling spelling,
      String after, String description) {
    String shown = redact.apply(before + spelling.spell(key) + after);
    String other = redact.apply(before + spelling.spell(everyDigitChanged(key)) + after);
    assertThat(withoutFingerprints(shown)).as(description).isEqualTo(withoutFingerprints(other));
    assertNoEightDigitsOf(key, shown, description);
  }

  private static void assertNoEightDigitsOf(UUID key, String text, String description) {
    String digits = key.toString().replace("-", "");
    String flat = text.toLowerCase(Locale.ROOT).replace("-", "");
    for (int i = 0; i + 8 <= digits.length(); i++) {
      if (flat.contains(digits.substring(i, i + 8))) {
        // the message names the case, not the key: test output is scanned for keys
        throw new AssertionError(description + ": digits " + i + " to " + (i + 8) + " of the key are in the event");
      }
    }
  }

  @Test
  void noCharacterOfAKeyIsLeftWhateverSurroundsIt() {
    UUID k = root.key();
    String[][] surroundings = {
        {"abc", "5d3"}, {"deadbeef", "cafe"}, {"-", "-"}, {"abc-", "-def"}, {"0", ""}, {"", "0"}, {"F", "f"},
        {"team-", ""}, {"tenant ", " now"}, {"x", "y"}, {"ab--", "--cd"}, {"abc\"", "\"5d3"}, {"1-2-3-", "-4-5-6"},
        {"fedcba9876543210fedcba9876543210", ""}, {"", "-0123456789abcdef0123"}};
    for (String[] around : surroundings) {
      for (Spelling spelling : Spelling.values()) {
        String description = "'" + around[0] + "' + key (" + spelling + ") + '" + around[1] + "'";
        assertNoPartOfTheKey(AuditEvent::presented, around[0], k, spelling, around[1], description);
      }
    }
  }

  @Test
  void noCharacterOfSeveralKeysInOneValueIsLeft() {
    UUID a = root.key();
    UUID b = service.createBootstrapKey("acme", new ApikeyRequest("second", "viewer")).key();
    for (Spelling spelling : Spelling.values()) {
      for (String between : List.of("", "-", ",", "abc", " ", "--")) {
        String description = "two keys (" + spelling + ") joined by '" + between + "'";
        String before = "x" + spelling.spell(a) + between;
        assertNoPartOfTheKey(AuditEvent::presented, before, b, spelling, "5d3", description + ", the second");
        String after = between + spelling.spell(b) + "5d3";
        assertNoPartOfTheKey(AuditEvent::presented, "abc", a, spelling, after, description + ", the first");
      }
    }
  }

  @Test
  void aKeyAmongHexDigitsSentAsTheTenantIsNotInTheRefusal() {
    String[] tenants = {"abc" + key.replace("-", "") + "5d3", "deadbeef" + key + "cafe", "-" + key.toUpperCase(Locale.ROOT) + "-",
        "acme-" + key + "," + key.replace("-", "")};
    for (String tenant : tenants) {
      events.clear();
      assertThatThrownBy(() -> service.authenticate(tenant, key)).isInstanceOf(UnauthenticatedException.class);
      assertThat(events).singleElement().satisfies(e -> {
        assertNoEightDigitsOf(root.key(), e.toLogLine(), "the log line");
        assertNoEightDigitsOf(root.key(), e.toString(), "toString()");
        assertThat(e.tenant()).contains("<key-shaped");
      });
    }
    // What is around a key is kept wherever the key's own ends can be told: by its hyphens or by hyphens around it.
    assertThat(AuditEvent.presented("acme-" + key + "-prod")).isEqualTo("acme-" + shown + "-prod");
    assertThat(AuditEvent.presented("deadbeef" + key + "cafe")).isEqualTo("deadbeef" + shown + "cafe");
    assertThat(AuditEvent.presented("abc-" + key.replace("-", "") + "-def")).isEqualTo("abc-" + shown + "-def");
    assertThat(AuditEvent.presented(key + key.replace("-", "") + "5d3")).isEqualTo(shown + "<key-shaped>");
  }

  @Test
  void aKeyAmongHexDigitsSentAsANameIsNotInTheRefusal() {
    Caller caller = service.authenticate("acme", key);
    events.clear();
    String name = "abc" + key.replace("-", "") + "5d3";
    assertThatThrownBy(() -> service.create(caller, new ApikeyRequest(name, "no-such-role"))).isInstanceOf(InvalidRequestException.class);

    assertThat(events).singleElement().satisfies(e -> {
      assertNoEightDigitsOf(root.key(), e.toLogLine(), "the log line");
      assertThat(e.target()).as("38 digits: which 32 are the key is not known").isEqualTo("<key-shaped>");
    });
  }

  @Test
  void aKeyThatLostSomeOfItsDigitsIsRedactedToo() {
    String digits = key.replace("-", "");
    for (int kept = 20; kept < 32; kept++) {
      assertThat(AuditEvent.presented("t " + digits.substring(0, kept) + " u")).isEqualTo("t <key-shaped> u");
      // the tail of the canonical form: a hyphen before its first digit is not part of it
      assertThat(AuditEvent.presented("t " + key.substring(key.length() - kept - 4) + " u")).matches("t -?<key-shaped> u");
    }
  }

  /**
   * Seeded: random text of hex digits, hyphens, letters and punctuation around one or two keys in
   * random spellings, directly and through a refused authentication. {@code
   * -Dapikeys.fuzz.count=N} runs N cases, {@code -Dapikeys.fuzz.seed=S} another seed.
   */
  @Test
  void noCharacterOfAKeyIsLeftInRandomSurroundings() {
    long seed = Long.getLong("apikeys.fuzz.seed", 0x5eedc0de_2026L);
    int count = Integer.getInteger("apikeys.fuzz.count", 2_000);
    SplittableRandom random = new SplittableRandom(seed);
    String alphabet = "0123456789abcdefABCDEF-----xyzXYZ_ .,:/\"";
    for (int i = 0; i < count; i++) {
      UUID k = randomKey(random);
      Spelling spelling = Spelling.values()[random.nextInt(Spelling.values().length)];
      String before = randomText(random, alphabet, 24);
      String after = randomText(random, alphabet, 24);
      if (random.nextInt(4) == 0) {
        after += randomText(random, alphabet, 3) + Spelling.values()[random.nextInt(Spelling.values().length)].spell(randomKey(random));
      }
      String description = "case " + i + " of seed " + seed + " (-Dapikeys.fuzz.seed)";
      assertNoPartOfTheKey(AuditEvent::presented, before, k, spelling, after, description);
      if (i % 10 == 0) {
        assertNoPartOfTheKey(tenant -> refusalOf(tenant).tenant(), before, k, spelling, after, description + ", as a tenant");
        assertNoEightDigitsOf(k, refusalOf(before + spelling.spell(k) + after).toLogLine(), description + ", the log line");
      }
    }
  }

  private AuditEvent refusalOf(String tenant) {
    events.clear();
    assertThatThrownBy(() -> service.authenticate(tenant, key)).isInstanceOf(UnauthenticatedException.class);
    return events.get(0);
  }

  private static UUID randomKey(SplittableRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return dev.apikeys.core.internal.Uuids.version4(bytes);
  }

  private static String randomText(SplittableRandom random, String alphabet, int maxLength) {
    StringBuilder out = new StringBuilder();
    for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
