package dev.apikeys.core;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.RolePolicy;
import dev.apikeys.core.spi.ServiceListener.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Revokes a key by name, the decision made by the store on the row it deletes. */
final class Revoker {
  private final ApikeyStore store;
  private final RolePolicy rolePolicy;
  private final Clock clock;
  private final Operations operations;

  Revoker(ApikeyStore store, RolePolicy rolePolicy, Clock clock, Operations operations) {
    this.store = store;
    this.rolePolicy = rolePolicy;
    this.clock = clock;
    this.operations = operations;
  }

  /** Revokes, timed and audited. */
  void revoke(Caller caller, String name) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(name, "name");
    operations.run(Operation.REVOKE, AuditEvent.Action.REVOKE, caller.tenant(), caller.id(), name, () -> {
      revokeNow(caller, name);
      return null;
    });
  }

  private void revokeNow(Caller caller, String name) {
    if (!rolePolicy.mayCreateKeys(caller)) {
      throw new ForbiddenException("your role may not revoke API keys");
    }
    // A key replaced under this name since anyone last read it (with a higher role now) is judged
    // as it is, never as it was.
    Instant now = clock.instant();
    RevokeDecision decision = (target, tenantKeys) -> {
      if (!rolePolicy.mayGrant(caller, target.role())) {
        return RevokeOutcome.FORBIDDEN;
      }
      // A key administers here if it could make the revoked key again: create keys, and grant its role.
      return RevokeDecision.unlessLast(k -> {
        Caller holder = new Caller(k.tenant(), ApikeyService.KEY_CALLER_PREFIX + k.keyId(), k.role(), Optional.of(k.name()));
        return !k.isExpiredAt(now) && rolePolicy.mayCreateKeys(holder) && rolePolicy.mayGrant(holder, target.role());
      }).decide(target, tenantKeys);
    };
    RevokeOutcome outcome = StoreCalls.call(() -> store.revoke(caller.tenant(), name, decision));
    switch (outcome) {
      case REVOKED -> {
        return;
      }
      case NOT_FOUND -> throw new ApikeyException(ErrorCode.NOT_FOUND, "the tenant has no API key of this name");
      case FORBIDDEN -> throw new ForbiddenException("your role may not revoke a key of this role");
      case LAST_ADMINISTRATOR -> throw new ApikeyException(ErrorCode.LAST_ADMINISTRATOR,
          "this is the tenant's last key able to administer it: create another first");
      default -> throw new IllegalStateException("unknown outcome " + outcome);
    }
  }
}
