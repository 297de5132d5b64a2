package dev.apikeys.core;

import dev.apikeys.core.spi.ServiceListener.Operation;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What surrounds every operation of the service but authenticate (which {@link Metering} times
 * without a lambda): its timing for the listener and its audit event, a success or, from what the
 * work threw, a refusal or a failure. The work itself turns a store's exceptions into the service's
 * ({@link StoreCalls}), so that both see what the caller is told.
 */
final class Operations {
  private final Metering metering;
  private final Auditor auditor;

  Operations(Metering metering, Auditor auditor) {
    this.metering = metering;
    this.auditor = auditor;
  }

  /** Runs {@code work}, timed as {@code operation} and audited as {@code action} by {@code actor}. */
  <T extends @Nullable Object> T run(Operation operation, AuditEvent.Action action, String tenant, String actor,
      @Nullable String target, Supplier<T> work) {
    return metering.timed(operation, () -> auditor.audited(action, tenant, actor, target, work));
  }

  /** Runs {@code work}, timed as {@code operation} and not audited: a read. */
  <T extends @Nullable Object> T timed(Operation operation, Supplier<T> work) {
    return metering.timed(operation, work);
  }

  /**
   * Runs {@code work}, not timed (see {@link Operation#CREATE}), audited unless it is empty: then
   * nothing was done.
   */
  <T> Optional<T> auditedIfPresent(
      AuditEvent.Action action, String tenant, String actor, @Nullable String target, Supplier<Optional<T>> work) {
    return auditor.auditedIfPresent(action, tenant, actor, target, work);
  }
}
