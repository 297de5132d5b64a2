package dev.apikeys.core.spi;

import dev.apikeys.core.AuditEvent;

/**
 * Receives an event for every create and revoke and for every refused attempt, including refused
 * authentication. Called synchronously on the request's thread, so it must be quick (hand events
 * to a queue for slow sinks) and thread-safe. An exception it throws changes no answer (auditing
 * never does); it goes to the service's error listener, if the host set one.
 */
@FunctionalInterface
public interface AuditSink {
  /**
   * Records one event. Events never hold a key or a digest.
   *
   * @param event what happened
   */
  void record(AuditEvent event);

  /** A sink that drops every event: the default. */
  static AuditSink none() {
    return event -> {};
  }
}
