package dev.apikeys.storage.tck;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.AuditEvent;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.StoreFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link ApikeyService} end to end on a store: authentication, authorization, tenant isolation and
 * what ends up stored. Subclass it like {@link ApikeyStoreContract}.
 *
 * <p>The tests are those of the focused contracts it implements: {@link ServiceCreateContract},
 * {@link ServiceAccessContract}, {@link ServiceRevokeContract} and {@link
 * ServiceLifecycleContract}. Before each, it builds the service on a new store, tracking last use
 * when the store has {@link StoreFeature#LAST_USE}, and makes {@link #acmeAdmin()}.
 */
public abstract class ApikeyServiceContract
    implements ServiceCreateContract, ServiceAccessContract, ServiceRevokeContract, ServiceLifecycleContract {
  /** For a store's subclass. */
  protected ApikeyServiceContract() {}

  /** The seed of the key generator; printed in every failure message through {@link #toString()}. */
  protected static final long SEED = 20261127L;

  /** The store under test, fresh for each test. */
  protected ApikeyStore store;
  /** A service with the default roles ({@code viewer < operator < admin}) and seeded keys. */
  protected ApikeyService service;

  private CreatedApikey acmeAdmin;

  /**
   * A new store with no keys in it. Called before each test.
   *
   * @return the store
   */
  protected abstract ApikeyStore newStore();

  /** The service's clock, standing still until a test moves it. */
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
  /** Every audit event of the test, in order. */
  protected final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  @BeforeEach
  void createService() {
    store = newStore();
    ApikeyService.Builder builder = ApikeyService.builder().store(store).keyGenerator(new SeededKeyGenerator(SEED))
        .clock(clock).auditSink(audit::add);
    if (store.features().contains(StoreFeature.LAST_USE)) {
      builder.lastUseInterval(Duration.ofMinutes(1));
    }
    service = builder.build();
    acmeAdmin = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
  }

  @AfterEach
  void closeService() {
    service.close();
  }

  @Override
  public final ApikeyStore store() {
    return store;
  }

  @Override
  public final ApikeyService service() {
    return service;
  }

  @Override
  public final MutableClock clock() {
    return clock;
  }

  @Override
  public final List<AuditEvent> audit() {
    return audit;
  }

  @Override
  public final CreatedApikey acmeAdmin() {
    return acmeAdmin;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[key generator seed " + SEED + "]";
  }
}
