package dev.apikeys.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a key's previous key must be, and what a rotation must make. */
class PreviousKeyTest {
  private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
  private static final Instant END = AT.plusSeconds(60);

  private static StoredApikey key(String tenant, String name, String role, long id) {
    KeyDigest digest = KeyDigest.ofKey(new UUID(1, id));
    return new StoredApikey(tenant, name, role, digest, digest.fingerprint(), "key:test", AT);
  }

  private static StoredApikey replacing(StoredApikey current, StoredApikey previous, long id) {
    KeyDigest digest = KeyDigest.ofKey(new UUID(2, id));
    return new StoredApikey(current.tenant(), current.name(), current.role(), digest, digest.fingerprint(), null,
        "key:test", AT, null, null, previous);
  }

  @Test
  void aPreviousKeyHasTheTenantNameAndRoleOfItsSuccessor() {
    StoredApikey ci = key("acme", "ci", "operator", 1);
    assertThat(replacing(ci, ci.asPreviousUntil(END), 1).previous().digest()).isEqualTo(ci.digest());
    for (StoredApikey other : new StoredApikey[] {
        key("globex", "ci", "operator", 1), key("acme", "cd", "operator", 1), key("acme", "ci", "admin", 1)}) {
      assertThatThrownBy(() -> replacing(ci, other.asPreviousUntil(END), 1)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aPreviousKeyHasAnExpiryNoPreviousKeyAndADigestOfItsOwn() {
    StoredApikey ci = key("acme", "ci", "operator", 1);
    assertThatThrownBy(() -> replacing(ci, ci, 1)).as("no expiry").isInstanceOf(IllegalArgumentException.class);
    StoredApikey rotated = replacing(ci, ci.asPreviousUntil(END), 1);
    StoredApikey withPrevious = new StoredApikey("acme", "ci", "operator", rotated.digest(), rotated.keyId(), null,
        "key:test", AT, END, null, ci.asPreviousUntil(END));
    assertThatThrownBy(() -> replacing(ci, withPrevious, 2)).as("its own previous").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StoredApikey("acme", "ci", "operator", ci.digest(), ci.keyId(), null, "key:test", AT,
        null, null, ci.asPreviousUntil(END))).as("its successor's digest").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void asPreviousKeepsAnEarlierExpiryOfItsOwn() {
    StoredApikey ci = key("acme", "ci", "operator", 1);
    StoredApikey expiring = new StoredApikey("acme", "ci", "operator", ci.digest(), ci.keyId(), null, "key:test", AT,
        AT.plusSeconds(10), AT, null);
    assertThat(expiring.asPreviousUntil(END).expiresAt()).isEqualTo(AT.plusSeconds(10));
    assertThat(expiring.asPreviousUntil(AT.plusSeconds(5)).expiresAt()).isEqualTo(AT.plusSeconds(5));
    assertThat(expiring.asPreviousUntil(END).lastUsedAt()).isNull();
    assertThat(ci.asPreviousUntil(END).expiresAt()).isEqualTo(END);
  }

  @Test
  void aRotationReplacesAKeyByOneOfItsTenantAndNameWithTheReplacedKeyAsPrevious() {
    StoredApikey ci = key("acme", "ci", "operator", 1);
    StoredApikey good = replacing(ci, ci.asPreviousUntil(END), 1);
    assertThat(Rotation.checked(ci, good)).isSameAs(good);
    StoredApikey cd = key("acme", "cd", "operator", 3);
    assertThatThrownBy(() -> Rotation.checked(cd, good)).isInstanceOf(IllegalArgumentException.class);
    StoredApikey otherTenant = key("globex", "ci", "operator", 3);
    assertThatThrownBy(() -> Rotation.checked(otherTenant, good)).isInstanceOf(IllegalArgumentException.class);
    StoredApikey sameNameOtherKey = key("acme", "ci", "operator", 4);
    assertThatThrownBy(() -> Rotation.checked(sameNameOtherKey, good)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Rotation.checked(ci, key("acme", "ci", "operator", 5))).isInstanceOf(IllegalArgumentException.class);
  }
}
