package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation runs before anything touches the store: the store here fails every call. */
class ValidationTest {
  private static final Caller ADMIN = Caller.of("acme", "alice", "admin");

  private final ApikeyService service = ApikeyService.builder().store(new UntouchableStore()).build();

  private List<Violation> violations(ApikeyRequest request) {
    return catchThrowableOfType(InvalidRequestException.class, () -> service.create(ADMIN, request)).violations();
  }

  private List<Violation> violations(Map<String, ?> fields) {
    return catchThrowableOfType(InvalidRequestException.class, () -> service.create(ADMIN, Decoded.fields(fields))).violations();
  }


  private static void assertCodes(List<Violation> actual, String... fieldAndCode) {
    assertThat(actual).extracting(v -> v.field() + ":" + v.code()).containsExactly(fieldAndCode);
    assertThat(actual).allSatisfy(v -> assertThat(v.message()).isNotBlank());
  }

  @Test
  void rejectsEmptyName() {
    assertCodes(violations(new ApikeyRequest("", "viewer")), "name:empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "   ", "\t", "\u2003", "\u00a0\u00a0"})
  void rejectsBlankName(String name) {
    assertCodes(violations(new ApikeyRequest(name, "viewer")), "name:blank");
  }

  @ParameterizedTest
  @ValueSource(strings = {" ci", "ci ", "ci\u2003", "\u00a0ci"})
  void rejectsSurroundingWhitespace(String name) {
    assertCodes(violations(new ApikeyRequest(name, "viewer")), "name:surrounding-whitespace");
  }

  @ParameterizedTest
  @ValueSource(strings = {"c\u0000i", "ci\n", "c\u007fi", "c\u0085i", "c\u202ei", "c\u2066i", "c\ud800i", "c\udc00i", "ci\ud83d", "a\u2028b"})
  void rejectsControlBidiAndUnpairedSurrogateCharacters(String name) {
    assertCodes(violations(new ApikeyRequest(name, "viewer")), "name:invalid-character");
  }

  @Test
  void acceptsNameOf128CharactersCountingCodePoints() {
    String emoji = "\ud83d\udd11"; // one character, two chars in UTF-16
    ApikeyService lenient = ApikeyService.builder().store(new AcceptingStore()).build();
    assertThat(lenient.create(ADMIN, new ApikeyRequest("a".repeat(128), "viewer")).name()).hasSize(128);
    assertThat(lenient.create(ADMIN, new ApikeyRequest(emoji.repeat(128), "viewer")).name()).hasSize(256);
    assertThat(lenient.create(ADMIN, new ApikeyRequest("ключ 🔑 ci-deploy_2", "viewer")).name()).isEqualTo("ключ 🔑 ci-deploy_2");
  }

  @Test
  void rejectsNameOf129Characters() {
    assertCodes(violations(new ApikeyRequest("a".repeat(129), "viewer")), "name:too-long");
  }

  @Test
  void honoursAConfiguredShorterNameLimit() {
    ApikeyService strict = ApikeyService.builder().store(new UntouchableStore()).maxNameLength(8).build();
    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> strict.create(ADMIN, new ApikeyRequest("123456789", "viewer")));
    assertCodes(e.violations(), "name:too-long");
    assertThat(e.violations().get(0).message()).contains("8");
  }

  @Test
  void rejectsUnknownAndEmptyRole() {
    assertCodes(violations(new ApikeyRequest("ci", "superuser")), "role:unknown-role");
    assertCodes(violations(new ApikeyRequest("ci", "")), "role:empty");
    assertCodes(violations(new ApikeyRequest("ci", "Admin")), "role:unknown-role");
  }

  @Test
  void reportsEveryViolationAtOnce() {
    assertCodes(violations(new ApikeyRequest(" x", "root")), "name:surrounding-whitespace", "role:unknown-role");
    assertCodes(violations(new ApikeyRequest(null, null)), "name:null", "role:null");
  }

  @Test
  void rejectsMissingNullAndMistypedFields() {
    assertCodes(violations(Map.of()), "name:missing", "role:missing");
    Map<String, Object> nulls = new LinkedHashMap<>();
    nulls.put("name", null);
    nulls.put("role", null);
    assertCodes(violations(nulls), "name:null", "role:null");
    assertCodes(violations(Map.of("name", 42, "role", List.of("admin"))), "name:wrong-type", "role:wrong-type");
  }

  @Test
  void rejectsUnknownFieldsEachByNameInTheOrderOfTheRequest() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("role", "viewer");
    fields.put("zeta", 1);
    fields.put("name", "ci");
    fields.put("key", "00000000-0000-4000-8000-000000000000");
    assertCodes(violations(fields), "zeta:unknown-field", "key:unknown-field");
  }

  @Test
  void listsTheRequestsOwnFieldsFirstThenTheFirstUnknownOnesAndCountsTheRest() {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < 5400; i++) {
      fields.put("u" + (5400 - i), 1);
    }
    fields.put("role", "superuser");
    fields.put("name", 42);
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> service.create(ADMIN, Decoded.fields(fields)));

    assertThat(e.violationCount()).isEqualTo(5402);
    assertThat(e.getMessage()).isEqualTo("the request is invalid: 5402 violations; the first 20 are listed");
    assertThat(e.violations()).hasSize(InvalidRequestException.MAX_LISTED_VIOLATIONS)
        .extracting(v -> v.field() + ":" + v.code()).startsWith("name:wrong-type", "role:unknown-role", "u5400:unknown-field",
            "u5399:unknown-field").endsWith("u5383:unknown-field");
  }

  @Test
  void anInvalidRequestExceptionListsTwentyViolationsAndCountsThemAll() {
    List<Violation> many = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      many.add(new Violation("f" + i, Violation.UNKNOWN_FIELD, "m"));
    }
    InvalidRequestException e = new InvalidRequestException(many);
    assertThat(e.violations()).hasSize(20).first().extracting(Violation::field).isEqualTo("f0");
    assertThat(e.violationCount()).isEqualTo(25);
    assertThat(e.getMessage()).isEqualTo("the request is invalid: 25 violations; the first 20 are listed");
    assertThat(new InvalidRequestException(many.subList(0, 20)).getMessage()).isEqualTo("the request is invalid: 20 violations");
    assertThat(new InvalidRequestException(many.subList(0, 1)).getMessage()).isEqualTo("the request is invalid: 1 violation");
    assertThat(new InvalidRequestException(many.subList(0, 3), 900).violations()).hasSize(3);
    assertThatThrownBy(() -> new InvalidRequestException(many, 24))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InvalidRequestException(List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cutsVeryLongUnknownFieldNamesInViolations() {
    String longField = "f".repeat(10_000);
    List<Violation> v = violations(Map.of("name", "ci", "role", "viewer", longField, "x"));
    assertThat(v).singleElement().satisfies(x -> assertThat(x.field()).hasSizeLessThan(100).startsWith("fff"));
  }

  @Test
  void fieldsAndTypedPathsAgree() {
    assertThat(violations(Map.of("name", "", "role", "root"))).isEqualTo(violations(new ApikeyRequest("", "root")));
  }

  @Test
  void violationsNeverEchoTheSubmittedValue() {
    String secretish = "0f0e0d0c-0b0a-4908-8706-050403020100";
    List<Violation> v = violations(new ApikeyRequest(" " + secretish, secretish));
    assertThat(v.toString()).doesNotContain(secretish);
  }

  @Test
  void invalidRequestCarriesStatusAndCode() {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> service.create(ADMIN, new ApikeyRequest("", "viewer")));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.status()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"c\u202ai", "c\u202ei", "c\u2066i", "c\u2069i", "c\u200ei", "c\u200fi", "c\u061ci"})
  void rejectsEachBidirectionalControlAtTheEdgesOfItsRange(String name) {
    assertCodes(violations(new ApikeyRequest(name, "viewer")), "name:invalid-character");
  }

  @ParameterizedTest
  @ValueSource(strings = {"c\u2027i", "c\u202fi", "c\u2065i", "c\u206ai", "c\u200di", "c\u061bi"})
  void acceptsTheNeighboursOfTheBidirectionalControls(String name) {
    ApikeyService lenient = ApikeyService.builder().store(new AcceptingStore()).build();
    assertThat(lenient.create(ADMIN, new ApikeyRequest(name, "viewer")).name()).isEqualTo(name);
  }

  @Test
  void reportsAnUnknownFieldAlsoWhenTheNameOrTheRoleIsMissing() {
    Map<String, Object> noName = new LinkedHashMap<>();
    noName.put("role", "viewer");
    noName.put("nmae", "ci");
    assertCodes(violations(noName), "name:missing", "nmae:unknown-field");
    Map<String, Object> noRole = new LinkedHashMap<>();
    noRole.put("name", "ci");
    noRole.put("rloe", "viewer");
    assertCodes(violations(noRole), "role:missing", "rloe:unknown-field");
  }

  @Test
  void reportsAnUnknownFieldNameOf64CharactersWholeAndCutsALongerOne() {
    String sixtyFour = "f".repeat(64);
    assertThat(violations(Map.of("name", "ci", "role", "viewer", sixtyFour, 1))).singleElement()
        .extracting(Violation::field).isEqualTo(sixtyFour);
    assertThat(violations(Map.of("name", "ci", "role", "viewer", sixtyFour + "g", 1))).singleElement()
        .extracting(Violation::field).isEqualTo(sixtyFour + "\u2026");
  }

  @Test
  void theTooFarMessageGivesTheLongestLifetimeInDaysOrMinutes() {
    assertThat(tooFarMessage(java.time.Duration.ofDays(1))).isEqualTo("expires-at must be at most 1 day from now");
    assertThat(tooFarMessage(java.time.Duration.ofDays(30))).isEqualTo("expires-at must be at most 30 days from now");
    assertThat(tooFarMessage(java.time.Duration.ofMinutes(90))).isEqualTo("expires-at must be at most 90 minutes from now");
    assertThat(tooFarMessage(java.time.Duration.ofMinutes(1))).isEqualTo("expires-at must be at most 1 minute from now");
    assertThat(tooFarMessage(java.time.Duration.ofHours(36))).isEqualTo("expires-at must be at most 2160 minutes from now");
  }

  private static String tooFarMessage(java.time.Duration maxLifetime) {
    ApikeyService bounded = ApikeyService.builder().store(new LifecycleTest.ExpiringStore()).clock(LifecycleTest.CLOCK)
        .maxLifetime(maxLifetime).build();
    java.time.Instant tooFar = LifecycleTest.NOW.plus(maxLifetime).plusMillis(1);
    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> bounded.create(ADMIN, new ApikeyRequest("t", "viewer", tooFar)));
    assertCodes(e.violations(), "expires-at:too-far");
    return e.violations().get(0).message();
  }

  /** A store that must never be reached. */
  static final class UntouchableStore implements ApikeyStore {
    @Override
    public InsertOutcome insert(StoredApikey key) {
      throw new AssertionError("validation must fail before the store is touched");
    }

    @Override
    public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
      throw new AssertionError("not expected");
    }

    @Override
    public List<StoredApikey> list(String tenant) {
      throw new AssertionError("not expected");
    }

    @Override
    public boolean delete(String tenant, String name) {
      throw new AssertionError("not expected");
    }
  }

  /** A store that accepts every insert and keeps nothing. */
  static final class AcceptingStore implements ApikeyStore {
    @Override
    public InsertOutcome insert(StoredApikey key) {
      return InsertOutcome.INSERTED;
    }

    @Override
    public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
      return Optional.empty();
    }

    @Override
    public List<StoredApikey> list(String tenant) {
      return List.of();
    }

    @Override
    public boolean delete(String tenant, String name) {
      return false;
    }
  }
}
