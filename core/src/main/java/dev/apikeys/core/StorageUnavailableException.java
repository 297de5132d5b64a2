package dev.apikeys.core;

/**
 * The key store is unreachable or failing: 503 {@code storage-unavailable}. Nothing was written.
 *
 * <p>Stores throw it for connection failures, time-outs and unexpected database errors; the
 * service also wraps any other runtime exception escaping a store in it. The cause is kept for the
 * host's logs; the message is generic.
 */
public final class StorageUnavailableException extends ApikeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param cause the underlying failure, for logs only
   */
  public StorageUnavailableException(Throwable cause) {
    super(ErrorCode.STORAGE_UNAVAILABLE, "the key store is unavailable; nothing was written", cause);
  }

  /**
   * For a failure that no client sees, with a message that says what was not written. Not public:
   * a store's own message could name hosts or quote input, and this exception's message goes to
   * clients.
   */
  StorageUnavailableException(String message, Throwable cause) {
    super(ErrorCode.STORAGE_UNAVAILABLE, message, cause);
  }
}
