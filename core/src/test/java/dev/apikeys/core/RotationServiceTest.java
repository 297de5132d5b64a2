package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apikeys.core.spi.RotatingStore;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rotation through the service on a small rotating store; the full contract on real stores is in apikeys-storage-tck. */
class RotationServiceTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  private final RotatingStore store = new RotatingStore();
  private final ApikeyService service =
      ApikeyService.builder().store(store).clock(Clock.fixed(NOW, ZoneOffset.UTC)).maxKeyAttempts(3).build();
  private final CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
  private final Caller admin = service.authenticate("acme", root.key().toString());

  @Test
  void theNewKeyKeepsNameAndRoleAndTheOldOneWorksForTheGracePeriod() {
    CreatedApikey ci = service.create(admin, new ApikeyRequest("ci", "operator"));
    RotatedApikey rotated = service.rotate(admin, "ci", Duration.ofSeconds(60));
    assertThat(rotated.name()).isEqualTo("ci");
    assertThat(rotated.role()).isEqualTo("operator");
    assertThat(rotated.createdBy()).isEqualTo(admin.id());
    assertThat(rotated.previousKeyExpiresAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(rotated.key()).isNotEqualTo(ci.key());
    assertThat(service.authenticate("acme", rotated.key().toString()).role()).isEqualTo("operator");
    assertThat(service.authenticate("acme", ci.key().toString()).role()).as("in its grace period").isEqualTo("operator");
    StoredApikey stored = store.findByName("acme", "ci").orElseThrow();
    assertThat(stored.previous()).isNotNull();
    assertThat(stored.previous().expiresAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(stored.previousAt(NOW)).isEqualTo(stored.previous());
    assertThat(stored.previousAt(NOW.plusSeconds(60))).isNull();
  }

  @Test
  void withoutGraceTheOldKeyStopsAtOnce() {
    CreatedApikey ci = service.create(admin, new ApikeyRequest("ci", "operator"));
    service.rotate(admin, "ci", Duration.ZERO);
    assertThatThrownBy(() -> service.authenticate("acme", ci.key().toString())).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void theOldKeyNeverOutlivesItsOwnExpiry() {
    service.create(admin, new ApikeyRequest("ci", "operator", NOW.plusSeconds(10)));
    RotatedApikey rotated = service.rotate(admin, "ci", new RotateRequest(Duration.ofSeconds(60), NOW.plusSeconds(3600)));
    assertThat(rotated.previousKeyExpiresAt()).isEqualTo(NOW.plusSeconds(10));
    assertThat(store.findByName("acme", "ci").orElseThrow().expiresAt()).isEqualTo(NOW.plusSeconds(3600));
  }

  @Test
  void aCallerWhoMayNotCreateKeysMayNotRotate() {
    service.create(admin, new ApikeyRequest("ci", "viewer"));
    CreatedApikey view = service.create(admin, new ApikeyRequest("view", "viewer"));
    Caller viewer = service.authenticate("acme", view.key().toString());
    assertThatThrownBy(() -> service.rotate(viewer, "ci", Duration.ZERO)).isInstanceOf(ForbiddenException.class);
    assertThat(store.rotations).isZero();
  }

  @Test
  void aCallerMayNotRotateAKeyOfARoleItMayNotGrant() {
    CreatedApikey ops = service.create(admin, new ApikeyRequest("ops", "operator"));
    Caller operator = service.authenticate("acme", ops.key().toString());
    assertThatThrownBy(() -> service.rotate(operator, "root", Duration.ZERO)).isInstanceOf(ForbiddenException.class);
    assertThat(store.findByName("acme", "root").orElseThrow().previous()).isNull();
  }

  @Test
  void anUnknownNameIsNotFound() {
    ApikeyException e = catchThrowableOfType(ApikeyException.class, () -> service.rotate(admin, "nobody", Duration.ZERO));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void aTakenDigestIsRetriedWithANewKeyUpToTheAttemptLimit() {
    service.create(admin, new ApikeyRequest("ci", "operator"));
    store.digestsTaken = 2;
    assertThat(service.rotate(admin, "ci", Duration.ZERO).name()).isEqualTo("ci");
    assertThat(store.rotations).isEqualTo(3);

    store.rotations = 0;
    store.digestsTaken = 3;
    ApikeyException e = catchThrowableOfType(ApikeyException.class, () -> service.rotate(admin, "ci", Duration.ZERO));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(store.rotations).isEqualTo(3);
  }

  @Test
  void theGracePeriodIsFromZeroToSevenDays() {
    service.create(admin, new ApikeyRequest("ci", "operator"));
    assertThat(service.rotate(admin, "ci", RotateRequest.MAX_GRACE).previousKeyExpiresAt()).isEqualTo(NOW.plus(RotateRequest.MAX_GRACE));
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> service.rotate(admin, "ci", RotateRequest.MAX_GRACE.plusNanos(1)));
    assertThat(e.violations()).extracting(Violation::field).containsExactly(RotateRequest.GRACE_SECONDS);
    assertThatThrownBy(() -> service.rotate(admin, "ci", Duration.ofNanos(-1))).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void decodedFieldsAreValidatedAllAtOnce() {
    service.create(admin, new ApikeyRequest("ci", "operator"));
    long max = RotateRequest.MAX_GRACE.toSeconds();
    RotatedApikey rotated = service.rotate(admin, "ci", new RotateFields(Field.of(max), Field.of(NOW.plusSeconds(60)), List.of()));
    assertThat(rotated.previousKeyExpiresAt()).isEqualTo(NOW.plusSeconds(max));
    assertThat(store.findByName("acme", "ci").orElseThrow().expiresAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(service.rotate(admin, "ci", RotateFields.empty()).previousKeyExpiresAt()).isEqualTo(NOW);
    assertThat(service.rotate(admin, "ci", new RotateFields(Field.of(0L), Field.absent(), List.of())).previousKeyExpiresAt())
        .isEqualTo(NOW);

    for (long grace : new long[] {-1, max + 1}) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> service.rotate(admin, "ci", new RotateFields(Field.of(grace), Field.absent(), List.of())));
      assertThat(e.violations()).extracting(Violation::field, Violation::code)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(RotateRequest.GRACE_SECONDS, Violation.OUT_OF_RANGE));
    }
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> service.rotate(admin, "ci",
        new RotateFields(Field.refused(Violation.WRONG_TYPE, "a number"), Field.absent(), List.of("extra"))));
    assertThat(e.violations()).extracting(Violation::field, Violation::code).containsExactly(
        org.assertj.core.groups.Tuple.tuple(RotateRequest.GRACE_SECONDS, Violation.WRONG_TYPE),
        org.assertj.core.groups.Tuple.tuple("extra", Violation.UNKNOWN_FIELD));
    assertThat(store.findByName("acme", "ci").orElseThrow().expiresAt()).as("nothing rotated").isNull();
  }

  @Test
  void theAnswerShowsNoKey() {
    service.create(admin, new ApikeyRequest("ci", "operator"));
    RotatedApikey rotated = service.rotate(admin, "ci", Duration.ZERO);
    assertThat(rotated.toString()).doesNotContain(rotated.key().toString()).contains("key=<redacted>").contains("name=ci");
  }
}
