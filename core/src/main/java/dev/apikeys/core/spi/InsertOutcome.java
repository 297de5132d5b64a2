package dev.apikeys.core.spi;

/** What an atomic {@link ApikeyStore#insert(StoredApikey)} did. */
public enum InsertOutcome {
  /** The key was stored. */
  INSERTED,
  /** Nothing was stored: the tenant already has a key of this name. */
  NAME_TAKEN,
  /**
   * Nothing was stored: a key with the same digest exists (in any tenant). The service retries with
   * a new key; a store never has to resolve this itself.
   */
  DIGEST_TAKEN
}
