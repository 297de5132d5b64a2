package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.StoredApikey;
import java.util.function.Predicate;

/**
 * A store through which, just before a revoke reaches it, the key named like {@code replacement}
 * is deleted and {@code replacement} inserted in its place: what another instance's rotation or
 * revoke-and-create can do between a service's read and its revoke.
 */
final class ReplacingStore extends ForwardingApikeyStore {
  private final StoredApikey replacement;
  volatile boolean replaced;

  ReplacingStore(ApikeyStore delegate, StoredApikey replacement) {
    super(delegate);
    this.replacement = replacement;
  }

  private void replace() {
    if (!replaced && delegate.delete(replacement.tenant(), replacement.name())) {
      assertThat(delegate.insert(replacement)).isEqualTo(InsertOutcome.INSERTED);
      replaced = true;
    }
  }

  @Override
  public RevokeOutcome revoke(String tenant, String name, RevokeDecision decision) {
    replace();
    return delegate.revoke(tenant, name, decision);
  }

  @Override
  public RevokeOutcome revokeUnlessLast(String tenant, String name, Predicate<StoredApikey> administers) {
    replace();
    return delegate.revokeUnlessLast(tenant, name, administers);
  }
}
