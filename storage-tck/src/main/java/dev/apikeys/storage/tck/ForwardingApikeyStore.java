package dev.apikeys.storage.tck;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.RotateOutcome;
import dev.apikeys.core.spi.Rotation;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A store that hands every operation to another, for tests that change one of them: fail it,
 * count it, or change the data in between. Override what the test is about.
 */
public abstract class ForwardingApikeyStore implements ApikeyStore {
  /** The store every operation goes to unless overridden. */
  protected final ApikeyStore delegate;

  /**
   * @param delegate the store every operation goes to
   */
  protected ForwardingApikeyStore(ApikeyStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public InsertOutcome insert(StoredApikey key) {
    return delegate.insert(key);
  }

  @Override
  public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
    return delegate.findByDigest(tenant, digest);
  }

  @Override
  public List<StoredApikey> list(String tenant) {
    return delegate.list(tenant);
  }

  @Override
  public boolean delete(String tenant, String name) {
    return delegate.delete(tenant, name);
  }

  @Override
  public Set<StoreFeature> features() {
    return delegate.features();
  }

  @Override
  public Optional<StoredApikey> findByName(String tenant, String name) {
    return delegate.findByName(tenant, name);
  }

  @Override
  public List<StoredApikey> list(String tenant, @Nullable String afterName, int limit) {
    return delegate.list(tenant, afterName, limit);
  }

  @Override
  public RevokeOutcome revoke(String tenant, String name, RevokeDecision decision) {
    return delegate.revoke(tenant, name, decision);
  }

  @Override
  public RevokeOutcome revokeUnlessLast(String tenant, String name, Predicate<StoredApikey> administers) {
    return delegate.revokeUnlessLast(tenant, name, administers);
  }

  @Override
  public RotateOutcome rotate(String tenant, String name, Rotation rotation) {
    return delegate.rotate(tenant, name, rotation);
  }

  @Override
  public void recordLastUse(Map<KeyDigest, Instant> uses) {
    delegate.recordLastUse(uses);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
