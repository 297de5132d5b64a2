package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyInfo;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.AuditEvent;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.Field;
import dev.apikeys.core.ForbiddenException;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.RotateFields;
import dev.apikeys.core.RotateRequest;
import dev.apikeys.core.RotatedApikey;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.Violation;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.RotateOutcome;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rotation end to end on a store with {@link StoreFeature#ROTATION}: the new key at once, the old
 * one until its grace period ends, at most one previous key per name, and rotations racing each
 * other and revokes. Subclass it like {@link ApikeyStoreContract}.
 */
public abstract class RotationContract {
  /** The store under test, fresh for each test. */
  protected ApikeyStore store;
  /** A service with the default roles and seeded keys, on {@link #clock}. */
  protected ApikeyService service;
  /** The service's clock, standing still until a test moves it. */
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  /** Every audit event of the test, in order. */
  protected final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  private CreatedApikey root;

  /** For subclasses, one per store. */
  protected RotationContract() {}

  /**
   * A new store with no keys in it, with {@link StoreFeature#ROTATION}. Called before each test.
   *
   * @return the store
   */
  protected abstract ApikeyStore newStore();

  @BeforeEach
  void createService() {
    store = newStore();
    assertThat(store.features()).contains(StoreFeature.ROTATION, StoreFeature.EXPIRY);
    service = ApikeyService.builder().store(store).keyGenerator(new SeededKeyGenerator(20261202L)).clock(clock)
        .auditSink(audit::add).build();
    root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
  }

  @AfterEach
  void closeService() {
    service.close();
  }

  private Caller admin() {
    return login(root.key());
  }

  private Caller login(UUID key) {
    return service.authenticate("acme", key.toString());
  }

  private boolean authenticates(UUID key) {
    try {
      login(key);
      return true;
    } catch (UnauthenticatedException e) {
      return false;
    }
  }

  private static String id(UUID key) {
    return ApikeyService.KEY_CALLER_PREFIX + KeyDigest.ofKey(key).fingerprint();
  }

  private ApikeyInfo listed(String name) {
    return service.listAll(admin()).stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theNewKeyWorksAtOnceAndTheOldOneUntilItsGracePeriodEnds() {
    CreatedApikey ci = service.create(admin(), new ApikeyRequest("ci", "operator"));
    assertThat(login(ci.key()).id()).isEqualTo(id(ci.key())); // cached, where a cache is in front
    Instant rotatedAt = clock.instant();
    RotatedApikey rotated = service.rotate(admin(), "ci", Duration.ofHours(1));

    assertThat(rotated.role()).isEqualTo("operator");
    assertThat(rotated.name()).isEqualTo("ci");
    assertThat(rotated.key()).isNotEqualTo(ci.key());
    assertThat(rotated.key().version()).isEqualTo(4);
    assertThat(rotated.createdBy()).isEqualTo(admin().id());
    assertThat(rotated.previousKeyExpiresAt()).isEqualTo(rotatedAt.plus(Duration.ofHours(1)));
    assertThat(rotated.toString()).doesNotContain(rotated.key().toString());

    Caller next = login(rotated.key());
    assertThat(next.id()).isEqualTo(id(rotated.key()));
    assertThat(next.role()).isEqualTo("operator");
    assertThat(login(ci.key()).id()).isEqualTo(id(ci.key()));
    clock.advance(Duration.ofHours(1).minusMillis(1));
    assertThat(login(ci.key()).role()).isEqualTo("operator");
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> login(ci.key())).isSameAs(UnauthenticatedException.instance());
    assertThat(login(rotated.key()).role()).isEqualTo("operator");
  }

  @Test
  void withoutAGracePeriodTheOldKeyStopsAtOnce() {
    CreatedApikey ci = service.create(admin(), new ApikeyRequest("ci", "viewer"));
    assertThat(authenticates(ci.key())).isTrue();
    RotatedApikey rotated = service.rotate(admin(), "ci", Duration.ZERO);
    assertThat(rotated.previousKeyExpiresAt()).isEqualTo(clock.instant());
    assertThatThrownBy(() -> login(ci.key())).isSameAs(UnauthenticatedException.instance());
    assertThat(authenticates(rotated.key())).isTrue();
    assertThat(listed("ci").previousKeyExpiresAt()).isNull();
  }

  @Test
  void rotatingAgainEndsTheEarlierPreviousKeyAtOnceAndGivesTheReplacedOneTheNewGracePeriod() {
    CreatedApikey first = service.create(admin(), new ApikeyRequest("ci", "viewer"));
    RotatedApikey second = service.rotate(admin(), "ci", Duration.ofHours(1));
    assertThat(authenticates(first.key())).isTrue();
    clock.advance(Duration.ofMinutes(5));
    RotatedApikey third = service.rotate(admin(), "ci", Duration.ofMinutes(30));

    assertThat(authenticates(first.key())).isFalse();
    assertThat(authenticates(second.key())).isTrue();
    assertThat(authenticates(third.key())).isTrue();
    assertThat(third.previousKeyExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    clock.advance(Duration.ofMinutes(30));
    assertThat(authenticates(second.key())).isFalse();
    assertThat(authenticates(third.key())).isTrue();
  }

  @Test
  void aListingShowsOneEntryPerNameWithTheNewKeyAndThePreviousKeysEndWhileItWorks() {
    CreatedApikey ci = service.create(admin(), new ApikeyRequest("ci", "operator"));
    clock.advance(Duration.ofMinutes(1));
    RotatedApikey rotated = service.rotate(admin(), "ci", Duration.ofMinutes(10));

    ApikeyInfo info = listed("ci");
    assertThat(service.listAll(admin())).extracting(ApikeyInfo::name).containsExactly("ci", "root");
    assertThat(info.id()).isEqualTo(id(rotated.key()));
    assertThat(info.role()).isEqualTo("operator");
    assertThat(info.createdBy()).isEqualTo(admin().id());
    assertThat(info.createdAt()).isEqualTo(clock.instant());
    if (store.features().contains(StoreFeature.HINT)) {
      String key = rotated.key().toString();
      assertThat(info.hint()).isEqualTo(key.substring(key.length() - 4)).isNotEqualTo(ci.key().toString().substring(32));
    }
    assertThat(info.previousKeyExpiresAt()).isEqualTo(rotated.previousKeyExpiresAt());
    clock.advance(Duration.ofMinutes(10));
    assertThat(listed("ci").previousKeyExpiresAt()).isNull();
  }

  @Test
  void anExpiredKeyStaysDeadAndAGracePeriodNeverOutlivesTheKeysOwnExpiry() {
    Instant soon = clock.instant().plus(Duration.ofMinutes(10));
    CreatedApikey brief = service.create(admin(), new ApikeyRequest("brief", "viewer", soon));
    RotatedApikey kept = service.rotate(admin(), "brief", Duration.ofDays(1));
    assertThat(kept.previousKeyExpiresAt()).isEqualTo(soon);
    clock.advance(Duration.ofMinutes(10));
    assertThat(authenticates(brief.key())).isFalse();
    assertThat(authenticates(kept.key())).isTrue();

    Instant gone = clock.instant().plus(Duration.ofMinutes(1));
    CreatedApikey dead = service.create(admin(), new ApikeyRequest("dead", "viewer", gone));
    clock.advance(Duration.ofMinutes(2));
    RotatedApikey revived = service.rotate(admin(), "dead", Duration.ofDays(7));
    assertThat(revived.previousKeyExpiresAt()).isEqualTo(gone);
    assertThat(authenticates(dead.key())).isFalse();
    assertThat(authenticates(revived.key())).isTrue();
    assertThat(listed("dead").previousKeyExpiresAt()).isNull();
  }

  @Test
  void theNewKeyTakesItsOwnExpiryCheckedAsACreatesIs() {
    service.create(admin(), new ApikeyRequest("ci", "viewer", clock.instant().plus(Duration.ofDays(1))));
    Instant expiry = clock.instant().plus(Duration.ofDays(30));
    RotatedApikey rotated = service.rotate(admin(), "ci", new RotateRequest(Duration.ofMinutes(5), expiry));
    assertThat(listed("ci").expiresAt()).isEqualTo(expiry);
    RotatedApikey forever = service.rotate(admin(), "ci", Duration.ZERO);
    assertThat(listed("ci").expiresAt()).isNull();
    clock.advance(Duration.ofDays(31));
    assertThat(authenticates(forever.key())).isTrue();
    assertThat(authenticates(rotated.key())).isFalse();

    InvalidRequestException past = catchThrowableOfType(InvalidRequestException.class,
        () -> service.rotate(admin(), "ci", new RotateRequest(Duration.ZERO, clock.instant())));
    assertThat(past.violations()).extracting(Violation::field, Violation::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(RotateRequest.EXPIRES_AT, Violation.NOT_IN_FUTURE));
    assertThat(authenticates(forever.key())).isTrue();
  }

  @Test
  void aGracePeriodIsZeroToSevenDaysAndEveryViolationIsReportedAtOnce() {
    CreatedApikey ci = service.create(admin(), new ApikeyRequest("ci", "viewer"));
    for (Duration wrong : List.of(Duration.ofSeconds(-1), RotateRequest.MAX_GRACE.plusSeconds(1))) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> service.rotate(admin(), "ci", wrong));
      assertThat(e.violations()).extracting(Violation::field, Violation::code)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(RotateRequest.GRACE_SECONDS, Violation.OUT_OF_RANGE));
    }
    InvalidRequestException all = catchThrowableOfType(InvalidRequestException.class, () -> service.rotate(admin(), "ci",
        new RotateFields(Field.of(604801L), Field.refused(Violation.INVALID_TIMESTAMP, "not a timestamp"), List.of("role", "name"))));
    assertThat(all.violations()).extracting(Violation::field, Violation::code).containsExactly(
        org.assertj.core.groups.Tuple.tuple(RotateRequest.GRACE_SECONDS, Violation.OUT_OF_RANGE),
        org.assertj.core.groups.Tuple.tuple(RotateRequest.EXPIRES_AT, Violation.INVALID_TIMESTAMP),
        org.assertj.core.groups.Tuple.tuple("role", Violation.UNKNOWN_FIELD),
        org.assertj.core.groups.Tuple.tuple("name", Violation.UNKNOWN_FIELD));
    RotatedApikey week = service.rotate(admin(), "ci", new RotateFields(Field.of(604800L), Field.ofNull(), List.of()));
    assertThat(week.previousKeyExpiresAt()).isEqualTo(clock.instant().plus(RotateRequest.MAX_GRACE));
    assertThat(authenticates(ci.key())).isTrue();
    RotatedApikey none = service.rotate(admin(), "ci", RotateFields.empty());
    assertThat(none.previousKeyExpiresAt()).isEqualTo(clock.instant());
  }

  @Test
  void rotatingIsAuthorizedAsRevokingIsAndARefusalChangesNothing() {
    CreatedApikey viewer = service.create(admin(), new ApikeyRequest("viewer", "viewer"));
    CreatedApikey operator = service.create(admin(), new ApikeyRequest("operator", "operator"));
    assertThatThrownBy(() -> service.rotate(login(viewer.key()), "viewer", Duration.ZERO))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service.rotate(login(operator.key()), "root", Duration.ZERO))
        .isInstanceOf(ForbiddenException.class);
    // A viewer learns nothing of which names exist: forbidden before not found.
    assertThatThrownBy(() -> service.rotate(login(viewer.key()), "nobody", Duration.ZERO))
        .isInstanceOf(ForbiddenException.class);
    ApikeyException unknown = catchThrowableOfType(ApikeyException.class,
        () -> service.rotate(admin(), "nobody", Duration.ZERO));
    assertThat(unknown.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(authenticates(root.key())).isTrue();
    assertThat(authenticates(viewer.key())).isTrue();
    assertThat(listed("root").id()).isEqualTo(id(root.key()));

    RotatedApikey own = service.rotate(login(operator.key()), "operator", Duration.ofMinutes(1));
    assertThat(own.createdBy()).isEqualTo(id(operator.key()));
    RotatedApikey viewers = service.rotate(login(own.key()), "viewer", Duration.ZERO);
    assertThat(viewers.role()).isEqualTo("viewer");
  }

  @Test
  void aRevokeEndsBothKeysOfARotatedName() {
    CreatedApikey ci = service.create(admin(), new ApikeyRequest("ci", "viewer"));
    RotatedApikey rotated = service.rotate(admin(), "ci", Duration.ofDays(1));
    assertThat(authenticates(ci.key())).isTrue();
    service.revoke(admin(), "ci");
    assertThat(authenticates(ci.key())).isFalse();
    assertThat(authenticates(rotated.key())).isFalse();
    CreatedApikey again = service.create(admin(), new ApikeyRequest("ci", "viewer"));
    assertThat(authenticates(again.key())).isTrue();
    assertThat(authenticates(ci.key())).isFalse();
    assertThat(listed("ci").previousKeyExpiresAt()).isNull();
  }

  @Test
  void aRotationIsAuditedWithoutItsKeys() {
    CreatedApikey ci = service.create(admin(), new ApikeyRequest("ci", "viewer"));
    RotatedApikey rotated = service.rotate(admin(), "ci", Duration.ofMinutes(1));
    assertThatThrownBy(() -> service.rotate(login(rotated.key()), "ci", Duration.ZERO)).isInstanceOf(ForbiddenException.class);
    assertThat(audit).filteredOn(e -> e.action() == AuditEvent.Action.ROTATE)
        .extracting(e -> e.outcome() + " " + e.errorCode() + " " + e.actor() + " " + e.target())
        .containsExactly("SUCCESS null " + id(root.key()) + " ci", "REFUSED forbidden " + id(rotated.key()) + " ci");
    assertThat(audit).allSatisfy(e -> assertThat(e.toLogLine())
        .doesNotContain(ci.key().toString()).doesNotContain(rotated.key().toString()));
  }

  @Test
  void aDigestInUseAsAPreviousKeyIsTakenForInsertsAndRotations() {
    CreatedApikey ci = service.create(admin(), new ApikeyRequest("ci", "viewer"));
    service.rotate(admin(), "ci", Duration.ofHours(1));
    StoredApikey clash = StoredKeys.key("acme", "clash", "viewer", ci.key(), null);
    assertThat(store.insert(clash)).isEqualTo(InsertOutcome.DIGEST_TAKEN);
    StoredApikey before = store.findByName("acme", "root").orElseThrow();
    RotateOutcome outcome = store.rotate("acme", "root", current -> new StoredApikey(current.tenant(), current.name(),
        current.role(), KeyDigest.ofKey(ci.key()), KeyDigest.ofKey(ci.key()).fingerprint(), null, "test",
        StoredKeys.CREATED_AT, null, null, current.asPreviousUntil(clock.instant())));
    assertThat(outcome).isEqualTo(RotateOutcome.DIGEST_TAKEN);
    assertThat(store.findByName("acme", "root")).contains(before);
    assertThat(authenticates(root.key())).isTrue();
    assertThat(login(ci.key()).role()).isEqualTo("viewer");
  }

  @Test
  void aStoreRefusesAReplacementOfAnotherNameAndWritesNothing() {
    service.create(admin(), new ApikeyRequest("ci", "viewer"));
    StoredApikey before = store.findByName("acme", "ci").orElseThrow();
    UUID other = UUID.randomUUID();
    assertThatThrownBy(() -> store.rotate("acme", "ci", current -> new StoredApikey(current.tenant(), "elsewhere",
        current.role(), KeyDigest.ofKey(other), KeyDigest.ofKey(other).fingerprint(), null, "test", StoredKeys.CREATED_AT,
        null, null, null))).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.findByName("acme", "ci")).contains(before);
    assertThat(store.findByName("acme", "elsewhere")).isEmpty();
    assertThat(store.findByDigest("acme", KeyDigest.ofKey(other))).isEmpty();
    assertThat(store.rotate("acme", "nobody", current -> {
      throw new AssertionError("asked about a key that does not exist");
    })).isEqualTo(RotateOutcome.NOT_FOUND);
    assertThat(store.rotate("acme", "ci", current -> null)).isEqualTo(RotateOutcome.FORBIDDEN);
    assertThat(store.findByName("acme", "ci")).contains(before);
  }

  @Test
  void concurrentRotationsOfANameLeaveOneKeyAndItsPreviousOneAndNoThird() throws Exception {
    CreatedApikey original = service.create(admin(), new ApikeyRequest("ci", "viewer"));
    Caller admin = admin();
    int threads = 8;
    List<Optional<UUID>> results = ApikeyStoreContract.race(threads, i -> Optional.of(service.rotate(admin, "ci", Duration.ofHours(1)).key()));
    List<UUID> keys = new ArrayList<>();
    keys.add(original.key());
    results.forEach(r -> keys.add(r.orElseThrow()));
    assertThat(keys).doesNotHaveDuplicates();
    List<UUID> working = keys.stream().filter(this::authenticates).toList();
    StoredApikey stored = store.findByName("acme", "ci").orElseThrow();
    assertThat(working).hasSize(2);
    assertThat(working).extracting(RotationContract::id)
        .containsExactlyInAnyOrder(id(keyOf(keys, stored)), id(keyOf(keys, java.util.Objects.requireNonNull(stored.previous()))));
    assertThat(service.listAll(admin)).extracting(ApikeyInfo::name).containsExactly("ci", "root");
  }

  @Test
  void aRotationRacingARevokeLeavesNoKeyOfTheName() throws Exception {
    Caller admin = admin();
    assertARemovalRacingARotationLeavesNoKey("race-", name -> service.revoke(admin, name));
  }

  @Test
  void aDeleteRacingARotationLeavesNoKeyOfTheName() throws Exception {
    assertARemovalRacingARotationLeavesNoKey("gone-", name -> assertThat(store.delete("acme", name)).isTrue());
  }

  /** Twenty rounds of {@code remove} and a rotation of one name released at once: neither key survives. */
  private void assertARemovalRacingARotationLeavesNoKey(String prefix, java.util.function.Consumer<String> remove)
      throws Exception {
    Caller admin = admin();
    for (int round = 0; round < 20; round++) {
      String name = prefix + round;
      CreatedApikey original = service.create(admin, new ApikeyRequest(name, "viewer"));
      List<Optional<UUID>> results = ApikeyStoreContract.race(2, i -> {
        if (i == 0) {
          remove.accept(name);
          return Optional.empty();
        }
        try {
          return Optional.of(service.rotate(admin, name, Duration.ofHours(1)).key());
        } catch (ApikeyException e) {
          assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
          return Optional.empty();
        }
      });
      assertThat(authenticates(original.key())).as("the removed key, %s", name).isFalse();
      results.get(1).ifPresent(rotated -> assertThat(authenticates(rotated)).as("the rotated key, %s", name).isFalse());
      assertThat(store.findByName("acme", name)).isEmpty();
    }
  }

  private static UUID keyOf(List<UUID> keys, StoredApikey stored) {
    return keys.stream().filter(k -> KeyDigest.ofKey(k).equals(stored.digest())).findFirst().orElseThrow();
  }
}
