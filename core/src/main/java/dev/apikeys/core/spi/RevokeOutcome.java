package dev.apikeys.core.spi;

/** What {@link ApikeyStore#revoke(String, String, RevokeDecision)} or {@link ApikeyStore#revokeUnlessLast} did. */
public enum RevokeOutcome {
  /** The key was deleted. */
  REVOKED,
  /** The tenant has no key of that name. */
  NOT_FOUND,
  /** Nothing was deleted: it is the tenant's last key able to administer it. */
  LAST_ADMINISTRATOR,
  /** Nothing was deleted: the caller may not revoke the key as it is now. */
  FORBIDDEN
}
