package dev.apikeys.core.spi;

/**
 * Tells a cache which keys changed in a store, including the changes other processes sharing the
 * store made: an insert, a revoke, a change of role or expiry. A store that several processes
 * share offers one (the JDBC store: PostgreSQL's {@code LISTEN}/{@code NOTIFY}, or a polled change
 * table); the cache of each process listens to it.
 *
 * <p>A feed delivers on threads of its own. Besides the changes, it says how current it is:
 * {@link ChangeListener#upToDate} after each time it has made sure that every change committed up
 * to an instant was delivered, and {@link ChangeListener#reset} when it may have missed changes
 * (a lost connection, a restarted database). A listener that hears no {@code upToDate} for a while
 * must not trust what it derived from the store: that is how a cache keeps its bound on staleness
 * when the feed fails.
 */
public interface ChangeFeed extends AutoCloseable {
  /**
   * Starts delivering to {@code listener} until the feed is closed. Called once. The feed's first
   * call is {@link ChangeListener#reset}, once it knows where the store's changes stand, then
   * {@link ChangeListener#upToDate}.
   *
   * @param listener where changes go
   * @throws IllegalStateException if already started or closed
   */
  void start(ChangeListener listener);

  /** Stops delivering and releases the feed's connection and threads; safe to call again. */
  @Override
  void close();
}
