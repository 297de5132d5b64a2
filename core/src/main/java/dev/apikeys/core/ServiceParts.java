package dev.apikeys.core;

import dev.apikeys.core.internal.LastUseRecorder;
import dev.apikeys.core.internal.RequestValidator;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.RolePolicy;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link ApikeyService} delegates to, made once from its builder's options: each operation
 * has its own collaborator, and they share one clock, one role policy and one audit.
 *
 * @param lastUse null when last use is not tracked
 */
record ServiceParts(ApikeyStore store, RolePolicy rolePolicy, @Nullable LastUseRecorder lastUse,
    Authenticator authenticator, Metering metering, Creator creator, Lister lister, Revoker revoker, Rotator rotator) {

  /** Wires the parts of a service on {@code store}, which the options were checked against. */
  static ServiceParts of(ServiceOptions options, ApikeyStore store) {
    RolePolicy rolePolicy = options.rolePolicy();
    Clock clock = options.clock();
    RequestValidator validator = new RequestValidator(rolePolicy, options.maxNameLength(), clock, options.expiry(store),
        options.maxLifetime());
    Auditor auditor = new Auditor(options.auditSink(), clock, options.errorListener());
    Duration lastUseInterval = options.lastUseInterval();
    LastUseRecorder lastUse = lastUseInterval == null ? null : new LastUseRecorder(store, lastUseInterval, clock,
        options.lastUseScheduler(), auditor::reportLastUseNotRecorded);
    Metering metering = new Metering(options.listener(), auditor);
    Operations operations = new Operations(metering, auditor);
    KeyIssuer issuer = new KeyIssuer(store, rolePolicy, options.keyGenerator(), clock, options.maxKeyAttempts());
    return new ServiceParts(store, rolePolicy, lastUse, new Authenticator(store, clock, lastUse, auditor), metering,
        new Creator(validator, issuer, operations), new Lister(store, clock, operations),
        new Revoker(store, rolePolicy, clock, operations),
        new Rotator(store, rolePolicy, issuer, clock, validator, operations));
  }
}
