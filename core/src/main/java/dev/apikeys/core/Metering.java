package dev.apikeys.core;

import dev.apikeys.core.spi.ServiceListener;
import dev.apikeys.core.spi.ServiceListener.Operation;
import dev.apikeys.core.spi.ServiceListener.Outcome;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Times the service's operations for its {@link ServiceListener}. Without a listener it reads no
 * clock and allocates nothing: authenticate is on the path of every request.
 */
final class Metering {
  /** Null when no listener was set. */
  private final @Nullable ServiceListener listener;
  private final Auditor auditor;

  Metering(@Nullable ServiceListener listener, Auditor auditor) {
    this.listener = listener;
    this.auditor = auditor;
  }

  /** Authenticates, timed; no lambda, as this runs for every request. */
  Caller authenticate(Authenticator authenticator, @Nullable String tenant, @Nullable String presentedKey) {
    ServiceListener l = listener;
    if (l == null) {
      return authenticator.authenticate(tenant, presentedKey);
    }
    long start = System.nanoTime();
    Caller caller;
    try {
      caller = authenticator.authenticate(tenant, presentedKey);
    } catch (RuntimeException e) {
      ended(l, Operation.AUTHENTICATE, e, System.nanoTime() - start);
      throw e;
    }
    ended(l, Operation.AUTHENTICATE, null, System.nanoTime() - start);
    return caller;
  }

  /** Runs {@code work}, timed as {@code operation}. */
  <T extends @Nullable Object> T timed(Operation operation, Supplier<T> work) {
    ServiceListener l = listener;
    if (l == null) {
      return work.get();
    }
    long start = System.nanoTime();
    T result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      ended(l, operation, e, System.nanoTime() - start);
      throw e;
    }
    ended(l, operation, null, System.nanoTime() - start);
    return result;
  }

  private void ended(ServiceListener l, Operation operation, @Nullable RuntimeException failure, long nanos) {
    Outcome outcome;
    ErrorCode code;
    if (failure == null) {
      outcome = Outcome.SUCCESS;
      code = null;
    } else {
      code = failure instanceof ApikeyException e ? e.errorCode() : ErrorCode.INTERNAL;
      outcome = code.status() < 500 ? Outcome.REFUSED : Outcome.FAILED;
    }
    try {
      l.completed(operation, outcome, code, nanos);
    } catch (RuntimeException e) {
      auditor.report(e); // metrics never change an answer, but the host must know they are lost
    }
  }
}
