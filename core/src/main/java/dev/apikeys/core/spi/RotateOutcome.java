package dev.apikeys.core.spi;

/** What {@link ApikeyStore#rotate} did. */
public enum RotateOutcome {
  /** The new key replaced the name's key, which became its previous key. */
  ROTATED,
  /** The tenant has no key of that name; nothing was written. */
  NOT_FOUND,
  /** The rotation refused the key as it is now; nothing was written. */
  FORBIDDEN,
  /** The new key's digest is already in use, as a key or a previous key; nothing was written. */
  DIGEST_TAKEN
}
