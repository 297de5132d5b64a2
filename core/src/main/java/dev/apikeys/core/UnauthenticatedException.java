package dev.apikeys.core;

/**
 * The caller could not be authenticated: 401 {@code unauthenticated}.
 *
 * <p>Deliberately identical for every reason (missing or malformed header, unknown, revoked or
 * expired key, unknown tenant, key of another tenant), so that the answer tells an attacker
 * nothing. Obtain it with {@link #instance()}; the instance has no stack trace.
 */
public final class UnauthenticatedException extends ApikeyException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("StaticAssignmentOfThrowable") // one shared instance by design: it carries nothing per request and no stack trace
  private static final UnauthenticatedException INSTANCE = new UnauthenticatedException();

  private UnauthenticatedException() {
    super(ErrorCode.UNAUTHENTICATED, "missing or invalid API key or tenant");
    setStackTrace(new StackTraceElement[0]);
  }

  /** The one shared instance: there is nothing per-request to carry. */
  public static UnauthenticatedException instance() {
    return INSTANCE;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
