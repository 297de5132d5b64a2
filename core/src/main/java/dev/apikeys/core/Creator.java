package dev.apikeys.core;

import static dev.apikeys.core.ApikeyService.BOOTSTRAP_CREATOR;

import dev.apikeys.core.internal.RequestValidator;
import dev.apikeys.core.spi.ServiceListener.Operation;
import java.util.Objects;
import java.util.Optional;

/**
 * The four ways a key is created: by a caller from a typed request or from decoded fields, and
 * with no caller, unconditionally or as a tenant's first key. Each validates inside the timing and
 * the audit, so that a refused request is measured and recorded as one.
 */
final class Creator {
  private final RequestValidator validator;
  private final KeyIssuer issuer;
  private final Operations operations;

  Creator(RequestValidator validator, KeyIssuer issuer, Operations operations) {
    this.validator = validator;
    this.issuer = issuer;
    this.operations = operations;
  }

  CreatedApikey create(Caller caller, ApikeyRequest request) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(request, "request");
    return operations.run(Operation.CREATE, AuditEvent.Action.CREATE, caller.tenant(), caller.id(), request.name(),
        () -> issuer.issueFor(caller, validator.validate(caller.tenant(), request)));
  }

  /** A create from decoded fields: audited with the name when it was decoded as one. */
  CreatedApikey create(Caller caller, RequestFields fields) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(fields, "fields");
    String name = fields.name() instanceof Field.Value<String> value ? value.value() : null;
    return operations.run(Operation.CREATE, AuditEvent.Action.CREATE, caller.tenant(), caller.id(), name,
        () -> issuer.issueFor(caller, validator.validate(caller.tenant(), fields)));
  }

  CreatedApikey createBootstrapKey(String tenant, ApikeyRequest request) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    Authenticator.checkTenant(tenant);
    return operations.run(Operation.CREATE, AuditEvent.Action.CREATE, tenant, BOOTSTRAP_CREATOR, request.name(),
        () -> issuer.issue(tenant, validator.validate(tenant, request), BOOTSTRAP_CREATOR));
  }

  /** Not timed, and audited only when it created the key: a host calls it at every start. */
  Optional<CreatedApikey> createFirstKey(String tenant, ApikeyRequest request) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    Authenticator.checkTenant(tenant);
    return operations.auditedIfPresent(AuditEvent.Action.CREATE, tenant, BOOTSTRAP_CREATOR, request.name(),
        () -> issuer.issueFirst(tenant, validator.validate(tenant, request), BOOTSTRAP_CREATOR));
  }
}
