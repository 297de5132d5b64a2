package dev.apikeys.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Whether a key may be revoked, decided by {@link ApikeyStore#revoke} on the key as it is when the
 * store deletes it. The service's decision combines its role policy (may this caller revoke a key
 * of this role?) with {@link #unlessLast the last-administrator rule}.
 */
@FunctionalInterface
public interface RevokeDecision {
  /**
   * Decides about one key.
   *
   * @param key the key to revoke, as it is now
   * @param tenantKeys every key of its tenant as it is now, {@code key} among them
   * @return {@link RevokeOutcome#REVOKED} to delete it, or the reason not to: {@link
   *     RevokeOutcome#FORBIDDEN} or {@link RevokeOutcome#LAST_ADMINISTRATOR}
   */
  RevokeOutcome decide(StoredApikey key, List<StoredApikey> tenantKeys);

  /**
   * The last-administrator rule: a key that administers the tenant is not revoked when no other
   * key of the tenant does.
   *
   * @param administers which keys count as able to administer the tenant
   * @return the decision
   */
  static RevokeDecision unlessLast(Predicate<StoredApikey> administers) {
    Objects.requireNonNull(administers, "administers");
    return (key, tenantKeys) -> {
      if (!administers.test(key)) {
        return RevokeOutcome.REVOKED;
      }
      for (StoredApikey other : tenantKeys) {
        if (!other.name().equals(key.name()) && administers.test(other)) {
          return RevokeOutcome.REVOKED;
        }
      }
      return RevokeOutcome.LAST_ADMINISTRATOR;
    };
  }
}
