package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apikeys.core.ApikeyInfo;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.Field;
import dev.apikeys.core.ForbiddenException;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.NameTakenException;
import dev.apikeys.core.RequestFields;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.Violation;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoreFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What the service shows and records of keys over time: pages without secrets, expiry, last use
 * and the audit. Part of {@link ApikeyServiceContract}.
 */
public interface ServiceLifecycleContract extends ServiceFixture {
  @Test
  default void listsPagesWithoutSecrets() {
    Caller admin = acme();
    List<CreatedApikey> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(service().create(admin, new ApikeyRequest("k" + i, "viewer")));
    }
    ApikeyPage first = service().list(admin, null, 3);
    assertThat(first.keys()).extracting(ApikeyInfo::name).containsExactly("k0", "k1", "k2");
    assertThat(first.next()).isEqualTo("k2");
    ApikeyPage last = service().list(admin, "k5", 3);
    assertThat(last.keys()).extracting(ApikeyInfo::name).containsExactly("k6", "root");
    assertThat(last.nextAfter()).isEmpty();
    ApikeyInfo k0 = first.keys().get(0);
    assertThat(k0.role()).isEqualTo("viewer");
    assertThat(k0.createdBy()).isEqualTo(admin.id());
    assertThat(k0.createdAt()).isEqualTo(clock().instant());
    assertThat(k0.id()).isEqualTo("key:" + KeyDigest.ofKey(created.get(0).key()).fingerprint());
    if (store().features().contains(StoreFeature.HINT)) {
      assertThat(created.get(0).key().toString()).endsWith(k0.hint());
      assertThat(k0.hint()).hasSize(4);
    }
    for (CreatedApikey c : created) {
      assertThat(service().listAll(admin).toString()).doesNotContain(c.key().toString());
    }
    assertThatThrownBy(() -> service().list(admin, null, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service().list(admin, null, ApikeyService.MAX_PAGE_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  default void anExpiredKeyIsUnauthenticated() {
    assumeTrue(store().features().contains(StoreFeature.EXPIRY), "the store keeps no expiry");
    Instant expiry = clock().instant().plus(Duration.ofHours(1));
    CreatedApikey temp = service().create(acme(), new ApikeyRequest("temp", "viewer", expiry));
    assertThat(login("acme", temp).role()).isEqualTo("viewer");
    assertThat(service().listAll(acme())).filteredOn(k -> k.name().equals("temp")).singleElement()
        .satisfies(k -> assertThat(k.expiresAt()).isEqualTo(expiry));
    clock().advance(Duration.ofMinutes(59));
    assertThat(login("acme", temp).role()).isEqualTo("viewer");
    clock().advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> login("acme", temp)).isSameAs(UnauthenticatedException.instance());
  }

  @Test
  default void anExpiryMustBeAFutureTimestamp() {
    boolean supported = store().features().contains(StoreFeature.EXPIRY);
    InvalidRequestException past = catchThrowableOfType(InvalidRequestException.class,
        () -> service().create(acme(), new ApikeyRequest("old", "viewer", clock().instant())));
    assertThat(past.violations()).extracting(Violation::code)
        .containsExactly(supported ? Violation.NOT_IN_FUTURE : Violation.NOT_SUPPORTED);
    InvalidRequestException garbled = catchThrowableOfType(InvalidRequestException.class, () -> service().create(acme(),
        new RequestFields(Field.of("x"), Field.of("viewer"), Field.refused(Violation.INVALID_TIMESTAMP, "not a timestamp"), List.of())));
    assertThat(garbled.violations()).extracting(Violation::code).containsExactly(Violation.INVALID_TIMESTAMP);
    assertThat(service().listAll(acme())).extracting(ApikeyInfo::name).containsExactly("root");
  }

  @Test
  default void lastUseIsRecordedAtMostOncePerInterval() {
    assumeTrue(store().features().contains(StoreFeature.LAST_USE), "the store records no last use");
    CreatedApikey ci = service().create(acme(), new ApikeyRequest("ci", "viewer"));
    assertThat(lastUse("ci")).isNull();
    Instant first = clock().instant();
    login("acme", ci);
    service().flushLastUse();
    assertThat(lastUse("ci")).isEqualTo(first);
    clock().advance(Duration.ofSeconds(30));
    login("acme", ci);
    service().flushLastUse();
    assertThat(lastUse("ci")).isEqualTo(first);
    clock().advance(Duration.ofSeconds(31));
    login("acme", ci);
    service().flushLastUse();
    assertThat(lastUse("ci")).isEqualTo(clock().instant());
  }

  @Test
  default void auditRecordsCreatesRevokesAndRefusalsWithoutKeys() {
    CreatedApikey ci = service().create(acme(), new ApikeyRequest("ci", "operator"));
    assertThatThrownBy(() -> service().create(acme(), new ApikeyRequest("ci", "operator")))
        .isInstanceOf(NameTakenException.class);
    assertThatThrownBy(() -> service().authenticate("acme", UUID.randomUUID().toString()))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> service().create(login("acme", ci), new ApikeyRequest("up", "admin")))
        .isInstanceOf(ForbiddenException.class);
    service().revoke(acme(), "ci");
    String admin = acme().id();
    assertThat(audit()).extracting(e -> e.action() + " " + e.outcome() + " " + e.errorCode() + " " + e.actor() + " " + e.target())
        .containsSubsequence(
            "CREATE SUCCESS null bootstrap root",
            "CREATE SUCCESS null " + admin + " ci",
            "CREATE REFUSED name-taken " + admin + " ci",
            "AUTHENTICATE REFUSED unauthenticated null null",
            "CREATE REFUSED forbidden key:" + KeyDigest.ofKey(ci.key()).fingerprint() + " up",
            "REVOKE SUCCESS null " + admin + " ci");
    assertThat(audit()).allSatisfy(e -> {
      assertThat(e.tenant()).isEqualTo("acme");
      assertThat(e.at()).isEqualTo(clock().instant());
      assertThat(e.toLogLine()).doesNotContain(ci.key().toString()).doesNotContain(acmeAdmin().key().toString());
    });
  }

  private @Nullable Instant lastUse(String name) {
    return store().findByName("acme", name).orElseThrow().lastUsedAt();
  }
}
