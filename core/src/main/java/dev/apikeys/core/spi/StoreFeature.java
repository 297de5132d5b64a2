package dev.apikeys.core.spi;

/**
 * Abilities a store may have beyond the operations every store implements. A store lists its own in {@link
 * ApikeyStore#features()}; the service refuses, clearly and early, to use one a store lacks.
 */
public enum StoreFeature {
  /** Keeps {@link StoredApikey#expiresAt()} and returns it. */
  EXPIRY,
  /** Implements {@link ApikeyStore#recordLastUse(java.util.Map)} and returns {@link StoredApikey#lastUsedAt()}. */
  LAST_USE,
  /** Keeps {@link StoredApikey#hint()} and returns it. */
  HINT,
  /**
   * Implements {@link ApikeyStore#revoke(String, String, RevokeDecision)} and {@link
   * ApikeyStore#revokeUnlessLast} atomically,
   * also against other processes sharing the store; without it the default implementations check
   * and delete in two steps.
   */
  ATOMIC_REVOKE,
  /**
   * Implements {@link ApikeyStore#rotate} atomically, also against other processes sharing the
   * store, and keeps {@link StoredApikey#previous()}: {@link ApikeyStore#findByDigest} finds a
   * previous key by its digest, and a delete removes both keys of the name.
   */
  ROTATION
}
