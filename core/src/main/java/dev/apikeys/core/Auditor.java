package dev.apikeys.core;

import dev.apikeys.core.spi.AuditSink;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Turns what the service did into audit events, and failures nobody waits for into reports. */
final class Auditor {
  /** Null when no sink was set: then no event is built at all. */
  private final @Nullable AuditSink sink;
  private final Clock clock;
  /** Null when no listener was set. */
  private final @Nullable Consumer<? super Throwable> errorListener;

  Auditor(@Nullable AuditSink sink, Clock clock, @Nullable Consumer<? super Throwable> errorListener) {
    this.sink = sink;
    this.clock = clock;
    this.errorListener = errorListener;
  }

  /** Runs {@code work} and records its outcome, success or failure. */
  <T extends @Nullable Object> T audited(
      AuditEvent.Action action, String tenant, String actor, @Nullable String target, Supplier<T> work) {
    try {
      T result = work.get();
      record(action, tenant, actor, target, null);
      return result;
    } catch (RuntimeException e) {
      record(action, tenant, actor, target, e);
      throw e;
    }
  }

  /** Runs {@code work} and records its outcome unless it is empty: then nothing was done. */
  <T> Optional<T> auditedIfPresent(
      AuditEvent.Action action, String tenant, String actor, @Nullable String target, Supplier<Optional<T>> work) {
    Optional<T> result;
    try {
      result = work.get();
    } catch (RuntimeException e) {
      record(action, tenant, actor, target, e);
      throw e;
    }
    result.ifPresent(done -> record(action, tenant, actor, target, null));
    return result;
  }

  /** Records one event: a success without {@code failure}, else a refusal (below 500) or a failure. */
  void record(AuditEvent.Action action, @Nullable String tenant, @Nullable String actor, @Nullable String target,
      @Nullable RuntimeException failure) {
    if (sink == null) {
      return;
    }
    AuditEvent.Outcome outcome;
    String code = null;
    if (failure == null) {
      outcome = AuditEvent.Outcome.SUCCESS;
    } else if (failure instanceof ApikeyException e && e.status() < 500) {
      outcome = AuditEvent.Outcome.REFUSED;
      code = e.errorCode().code();
    } else {
      outcome = AuditEvent.Outcome.FAILED;
      code = failure instanceof ApikeyException e ? e.errorCode().code() : ErrorCode.INTERNAL.code();
    }
    try {
      // What did not succeed was not checked: a key pasted into a header or name must not reach the log.
      String shownTenant = failure == null ? AuditEvent.cut(tenant) : AuditEvent.presented(tenant);
      String shownTarget = failure == null ? AuditEvent.cut(target) : AuditEvent.presented(target);
      sink.record(new AuditEvent(clock.instant(), action, shownTenant, actor, shownTarget, outcome, code));
    } catch (RuntimeException e) {
      report(e); // auditing never changes an answer, but the host must know that events are lost
    }
  }

  /**
   * Reports a batch of last-use records the store refused: how many keys it held and whether they
   * are tried again, never a key or digest; the store's exception as its cause.
   */
  void reportLastUseNotRecorded(int keys, boolean retried, Throwable cause) {
    String which = keys == 1 ? "1 key was" : keys + " keys were";
    String then = keys == 1 ? (retried ? "it is tried again on the next run" : "it is lost, as the service is closing")
        : (retried ? "they are tried again on the next run" : "they are lost, as the service is closing");
    report(new StorageUnavailableException("recording when " + which + " last used failed; " + then, cause));
  }

  /** Tells the host's error listener, if any; what the listener throws is ignored. */
  void report(Throwable failure) {
    if (errorListener == null) {
      return;
    }
    try {
      errorListener.accept(failure);
    } catch (RuntimeException ignored) {
      // a failing log must not change an answer, nor stop the last-use thread
    }
  }
}
