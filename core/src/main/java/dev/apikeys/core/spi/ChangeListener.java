package dev.apikeys.core.spi;

/**
 * What a {@link ChangeFeed} delivers to. Called on the feed's threads, one call at a time; each
 * call must be quick and must not throw.
 */
public interface ChangeListener {
  /**
   * The row of a key changed: it was inserted or deleted, or its role or expiry changed. Its last
   * use is no such change.
   *
   * @param tenant the key's tenant
   * @param digest the key's digest
   */
  void changed(String tenant, KeyDigest digest);

  /**
   * Every change committed before {@code asOfNanos} has been delivered.
   *
   * @param asOfNanos a {@link System#nanoTime()} reading taken before the feed last asked the store
   */
  void upToDate(long asOfNanos);

  /** Changes may have been missed: forget whatever was derived from the store. */
  void reset();
}
