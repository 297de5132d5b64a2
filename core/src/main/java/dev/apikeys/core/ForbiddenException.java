package dev.apikeys.core;

/** The caller is authenticated but its role does not allow the operation: 403 {@code forbidden}. */
public final class ForbiddenException extends ApikeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why, for people
   */
  public ForbiddenException(String message) {
    super(ErrorCode.FORBIDDEN, message);
  }
}
