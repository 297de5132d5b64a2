package dev.apikeys.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.AuditEvent;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the SPI's default methods and factories give a store that implements only the four required methods. */
class SpiDefaultsTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  private static StoredApikey key(String tenant, String name, String role) {
    KeyDigest digest = KeyDigest.ofKey(UUID.nameUUIDFromBytes((tenant + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return new StoredApikey(tenant, name, role, digest, digest.fingerprint(), "bootstrap", NOW);
  }

  private final MinimalStore store = new MinimalStore();

  @Test
  void findByNameFindsTheKeyOfThatNameInThatTenantOnly() {
    store.insert(key("acme", "ci", "viewer"));
    store.insert(key("acme", "deploy", "operator"));
    store.insert(key("initech", "root", "admin"));

    assertThat(store.findByName("acme", "deploy")).get().extracting(StoredApikey::role).isEqualTo("operator");
    assertThat(store.findByName("acme", "root")).isEmpty();
    assertThat(store.findByName("acme", "nobody")).isEmpty();
  }

  @Test
  void aPageOfOneHoldsTheFirstKeyAfterTheCursorAndALimitBelowOneIsRefused() {
    store.insert(key("acme", "a", "viewer"));
    store.insert(key("acme", "b", "viewer"));

    assertThat(store.list("acme", null, 1)).extracting(StoredApikey::name).containsExactly("a");
    assertThat(store.list("acme", "a", 1)).extracting(StoredApikey::name).containsExactly("b");
    assertThatThrownBy(() -> store.list("acme", null, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be at least 1: 0");
  }

  @Test
  void revokeUnlessLastKeepsTheLastKeyThatAdministersAndRevokesAnyOther() {
    store.insert(key("acme", "root", "admin"));
    store.insert(key("acme", "ci", "viewer"));

    assertThat(store.revokeUnlessLast("acme", "root", k -> k.role().equals("admin"))).isEqualTo(RevokeOutcome.LAST_ADMINISTRATOR);
    assertThat(store.revokeUnlessLast("acme", "ci", k -> k.role().equals("admin"))).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(store.revokeUnlessLast("acme", "ci", k -> k.role().equals("admin"))).isEqualTo(RevokeOutcome.NOT_FOUND);
    store.insert(key("acme", "spare", "admin"));
    assertThat(store.revokeUnlessLast("acme", "root", k -> k.role().equals("admin"))).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(store.keys).extracting(StoredApikey::name).containsExactly("spare");
  }

  @Test
  void aDecisionOtherThanRevokedIsReturnedAndNothingIsDeleted() {
    store.insert(key("acme", "root", "admin"));
    assertThat(store.revoke("acme", "root", (target, all) -> RevokeOutcome.FORBIDDEN)).isEqualTo(RevokeOutcome.FORBIDDEN);
    assertThat(store.keys).hasSize(1);
  }

  @Test
  void isExpiredAtItsExpiryAndAfterNeverBeforeNorWithoutOne() {
    StoredApikey forever = key("acme", "root", "admin");
    StoredApikey brief = new StoredApikey("acme", "brief", "viewer", forever.digest(), forever.keyId(), "1234", "bootstrap", NOW,
        NOW.plusSeconds(60), null);
    assertThat(forever.isExpiredAt(Instant.MAX)).isFalse();
    assertThat(brief.isExpiredAt(NOW.plusSeconds(60).minusNanos(1))).isFalse();
    assertThat(brief.isExpiredAt(NOW.plusSeconds(60))).isTrue();
    assertThat(brief.isExpiredAt(NOW.plusSeconds(61))).isTrue();
  }

  @Test
  void withLastUsedAtChangesOnlyTheLastUse() {
    StoredApikey brief = new StoredApikey("acme", "brief", "viewer", KeyDigest.ofKey(new UUID(1, 2)), "id", "0002", "bootstrap", NOW,
        NOW.plusSeconds(60), null);
    StoredApikey used = brief.withLastUsedAt(NOW.plusSeconds(5));
    assertThat(used).isEqualTo(new StoredApikey("acme", "brief", "viewer", KeyDigest.ofKey(new UUID(1, 2)), "id", "0002", "bootstrap",
        NOW, NOW.plusSeconds(60), NOW.plusSeconds(5)));
  }

  @Test
  void aGeneratorOnTheHostsSecureRandomMakesVersion4Keys() {
    KeyGenerator generator = KeyGenerator.secureRandom(new SecureRandom());
    UUID key = generator.newKey();
    assertThat(key.version()).isEqualTo(4);
    assertThat(key.variant()).isEqualTo(2);
    assertThat(generator.newKey()).isNotEqualTo(key);
  }

  @Test
  void theSinkThatRecordsNothingTakesEveryEvent() {
    AuditEvent event = new AuditEvent(NOW, AuditEvent.Action.CREATE, "acme", "key:1", "ci", AuditEvent.Outcome.SUCCESS, null);
    assertThatCode(() -> AuditSink.none().record(event)).doesNotThrowAnyException();
  }
}
