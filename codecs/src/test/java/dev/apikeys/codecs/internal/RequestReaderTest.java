package dev.apikeys.codecs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.Field;
import dev.apikeys.core.RequestFields;
import dev.apikeys.core.Violation;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the wire's types end: a decoded map becomes the service's typed fields. */
class RequestReaderTest {
  private static final Instant AT = Instant.parse("2027-01-31T12:00:00.123456Z");

  @Test
  void stringsAreValuesNullIsNullAndAnythingElseIsTheWrongType() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", "ci");
    map.put("role", null);
    RequestFields fields = RequestReader.read(map);
    assertThat(fields.name()).isEqualTo(Field.of("ci"));
    assertThat(fields.role()).isEqualTo(Field.ofNull());
    assertThat(fields.expiresAt()).isEqualTo(Field.absent());
    assertThat(RequestReader.read(Map.of("role", 42)).role()).isEqualTo(Field.refused(Violation.WRONG_TYPE, "role must be a string"));
    assertThat(RequestReader.read(Map.of("role", 42)).name()).isEqualTo(Field.absent());
  }

  @Test
  void anExpiryIsAnOffsetTimestampOrTheFormatsOwnInstant() {
    assertThat(RequestReader.read(Map.of("expires-at", "2027-01-31T13:00:00.123456+01:00")).expiresAt()).isEqualTo(Field.of(AT));
    assertThat(RequestReader.read(Map.of("expires-at", Date.from(AT))).expiresAt()).isEqualTo(Field.of(Instant.parse("2027-01-31T12:00:00.123Z")));
    assertThat(RequestReader.read(Map.of("expires-at", AT)).expiresAt()).isEqualTo(Field.of(AT));
    Map<String, Object> nullExpiry = new LinkedHashMap<>();
    nullExpiry.put("expires-at", null);
    assertThat(RequestReader.read(nullExpiry).expiresAt()).as("null is never, as absent is").isEqualTo(Field.absent());
  }

  @Test
  void localTimesDatesWordsAndLongTextAreNotTimestampsAndOtherTypesAreWrong() {
    for (String bad : List.of("2027-01-31T12:00:00", "2027-01-31", "soon", "x".repeat(100), "2027-01-31T12:00:00Z" + " ".repeat(60))) {
      assertThat(RequestReader.read(Map.of("expires-at", bad)).expiresAt()).as(bad)
          .isInstanceOfSatisfying(Field.Refused.class, r -> assertThat(r.code()).isEqualTo(Violation.INVALID_TIMESTAMP));
    }
    assertThat(RequestReader.read(Map.of("expires-at", 1234)).expiresAt())
        .isInstanceOfSatisfying(Field.Refused.class, r -> assertThat(r.code()).isEqualTo(Violation.WRONG_TYPE));
  }

  @Test
  void unknownFieldsKeepTheBodysOrder() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("zeta", 1);
    map.put("name", "ci");
    map.put("alpha", 2);
    map.put("role", "viewer");
    assertThat(RequestReader.read(map).unknownFields()).containsExactly("zeta", "alpha");
    assertThat(RequestReader.read(Map.of("name", "ci")).unknownFields()).isEmpty();
  }

  @Test
  void aValueNeverShowsInText() {
    assertThat(Field.of("3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab").toString()).doesNotContain("3f6c1f0e");
  }
}
