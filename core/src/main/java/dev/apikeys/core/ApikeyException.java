package dev.apikeys.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The root of every error this library reports to a client: an unchecked exception carrying a
 * stable {@link ErrorCode} and the status it maps to.
 *
 * <p>Messages are written for people and are safe to send to the client: they never contain a key,
 * a digest or a stack trace. A cause, where present, is for the host's logs only.
 */
public class ApikeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;

  /**
   * Creates an exception with the given code and client-safe message.
   *
   * @param errorCode the stable error code
   * @param message a message for people, free of secrets
   */
  public ApikeyException(ErrorCode errorCode, String message) {
    this(errorCode, message, null);
  }

  /**
   * Creates an exception with the given code, client-safe message and a cause for the logs.
   *
   * @param errorCode the stable error code
   * @param message a message for people, free of secrets
   * @param cause the underlying failure, or {@code null}
   */
  public ApikeyException(ErrorCode errorCode, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
  }

  /** The stable error code. */
  public ErrorCode errorCode() {
    return errorCode;
  }

  /** The HTTP status of the error code. */
  public int status() {
    return errorCode.status();
  }
}
