package dev.apikeys.core;

import dev.apikeys.core.internal.RequestValidator;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.RotateOutcome;
import dev.apikeys.core.spi.Rotation;
import dev.apikeys.core.spi.RolePolicy;
import dev.apikeys.core.spi.ServiceListener.Operation;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Replaces a name's key by a new one, decided and built by the store's atomic step on the key as it
 * is then: authorized as a revoke is (the caller may create keys and grant the key's role).
 */
final class Rotator {
  private final ApikeyStore store;
  private final RolePolicy rolePolicy;
  private final KeyIssuer issuer;
  private final Clock clock;
  private final RequestValidator validator;
  private final Operations operations;

  Rotator(ApikeyStore store, RolePolicy rolePolicy, KeyIssuer issuer, Clock clock, RequestValidator validator,
      Operations operations) {
    this.store = store;
    this.rolePolicy = rolePolicy;
    this.issuer = issuer;
    this.clock = clock;
    this.validator = validator;
    this.operations = operations;
  }

  RotatedApikey rotate(Caller caller, String name, RotateRequest request) {
    Objects.requireNonNull(request, "request");
    return rotate(caller, name, () -> validator.validate(request));
  }

  RotatedApikey rotate(Caller caller, String name, RotateFields fields) {
    Objects.requireNonNull(fields, "fields");
    return rotate(caller, name, () -> validator.validate(fields));
  }

  /**
   * Validates the request inside the timing and the audit, so that a refused one is measured and
   * recorded, and rotates.
   */
  private RotatedApikey rotate(Caller caller, String name, Supplier<RotateRequest> validated) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(name, "name");
    return operations.run(Operation.ROTATE, AuditEvent.Action.ROTATE, caller.tenant(), caller.id(), name,
        () -> rotateNow(caller, name, validated.get()));
  }

  private RotatedApikey rotateNow(Caller caller, String name, RotateRequest request) {
    if (!rolePolicy.mayCreateKeys(caller)) {
      throw new ForbiddenException("your role may not rotate API keys");
    }
    if (!store.features().contains(StoreFeature.ROTATION)) {
      throw new ApikeyException(ErrorCode.NOT_IMPLEMENTED, "this server's key store cannot rotate keys");
    }
    for (int attempt = 0; attempt < issuer.maxKeyAttempts(); attempt++) {
      KeyIssuer.NewKey key = issuer.newKey();
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      Instant graceEnd = now.plus(request.grace());
      AtomicReference<StoredApikey> made = new AtomicReference<>();
      Rotation rotation = current -> {
        if (!rolePolicy.mayGrant(caller, current.role())) {
          return null;
        }
        StoredApikey next = key.stored(current.tenant(), current.name(), current.role(), caller.id(), now,
            request.expiresAt(), current.asPreviousUntil(graceEnd));
        made.set(next);
        return next;
      };
      RotateOutcome outcome = StoreCalls.call(() -> store.rotate(caller.tenant(), name, rotation));
      switch (Objects.requireNonNull(outcome, "the store returned no outcome")) {
        case ROTATED -> {
          StoredApikey next = Objects.requireNonNull(made.get(), "the store rotated without asking");
          return new RotatedApikey(next.role(), name, key.key(), caller.id(),
              Objects.requireNonNull(Objects.requireNonNull(next.previous()).expiresAt()));
        }
        case NOT_FOUND -> throw new ApikeyException(ErrorCode.NOT_FOUND, "the tenant has no API key of this name");
        case FORBIDDEN -> throw new ForbiddenException("your role may not rotate a key of this role");
        case DIGEST_TAKEN -> {
          continue;
        }
        default -> throw new IllegalStateException("unknown outcome " + outcome);
      }
    }
    throw issuer.generatorExhausted();
  }
}
