package dev.apikeys.core.spi;

import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Told how each operation of an {@link ApikeyService} ended and how long it took: the source of
 * metrics (the {@code apikeys-micrometer} module implements it for Micrometer). Set with {@code
 * ApikeyService.builder().listener(...)}; without one the service reads no clock for it and calls
 * nothing.
 *
 * <p>Called synchronously on the thread of the operation, after it ended, so it must be quick and
 * thread-safe. What it throws changes no answer; it goes to the service's error listener, if the
 * host set one. It is never given a key, a digest, a tenant or a name: only which operation, how
 * it ended, the error code and the time taken.
 */
public interface ServiceListener {
  /** The operations the service times. */
  enum Operation {
    /** {@code authenticate}: every request of the host makes one. */
    AUTHENTICATE,
    /**
     * A create by a caller, or {@code createBootstrapKey}; not {@code createFirstKey}, which a host
     * calls at every start and which mostly finds the tenant's keys and does nothing.
     */
    CREATE,
    /** One page of a listing; {@code listAll} is one per page. */
    LIST,
    /** A revoke by name. */
    REVOKE,
    /** A rotation of a key by name. */
    ROTATE
  }

  /** How an operation ended. */
  enum Outcome {
    /** It did what was asked. */
    SUCCESS,
    /** The service refused it: an error code whose status is below 500 (401, 403, 404, 409, 400). */
    REFUSED,
    /** It failed: the store is unavailable (503), or something unexpected (500). */
    FAILED
  }

  /**
   * One operation ended.
   *
   * @param operation which operation
   * @param outcome how it ended
   * @param error why it did not succeed: the {@link ErrorCode} thrown, {@link ErrorCode#INTERNAL}
   *     for any other exception; {@code null} on success
   * @param nanos how long it took, in nanoseconds of {@link System#nanoTime()}
   */
  default void completed(Operation operation, Outcome outcome, @Nullable ErrorCode error, long nanos) {}

  /**
   * The service this listener was given to has been built: the moment to register gauges that
   * read it, such as {@link ApikeyService#lastUseBacklog()}. Called once per service, by {@code
   * build()}; a listener given to several services is called for each.
   *
   * @param service the new service
   */
  default void registered(ApikeyService service) {}
}
