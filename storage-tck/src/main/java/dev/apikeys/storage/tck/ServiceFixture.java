package dev.apikeys.storage.tck;

import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.AuditEvent;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.spi.ApikeyStore;
import java.util.List;

/**
 * What the service contracts test: a service on the store under test, its clock and audit, and
 * the admin key of tenant {@code acme}, all fresh for each test. {@link ApikeyServiceContract}
 * provides it and describes the service; a test class that implements some of the focused
 * contracts alone provides the same itself.
 */
public interface ServiceFixture {
  /**
   * The store under test, with no keys but {@link #acmeAdmin()} when a test starts.
   *
   * @return the store
   */
  ApikeyStore store();

  /**
   * The service on {@link #store()}: the default roles ({@code viewer < operator < admin}), seeded
   * keys, {@link #clock()}, and every audit event into {@link #audit()}.
   *
   * @return the service
   */
  ApikeyService service();

  /**
   * The service's clock, standing still until a test moves it.
   *
   * @return the clock
   */
  MutableClock clock();

  /**
   * Every audit event of the test, in order.
   *
   * @return the events
   */
  List<AuditEvent> audit();

  /**
   * The bootstrap key {@code root}, role {@code admin}, of tenant {@code acme}, made as the test
   * starts.
   *
   * @return the key
   */
  CreatedApikey acmeAdmin();

  /**
   * Authenticates with a key, as a request presenting it in a tenant does.
   *
   * @param tenant the tenant presented
   * @param key the key presented
   * @return the caller
   */
  default Caller login(String tenant, CreatedApikey key) {
    return service().authenticate(tenant, key.key().toString());
  }

  /**
   * The caller of {@link #acmeAdmin()}.
   *
   * @return the caller
   */
  default Caller acme() {
    return login("acme", acmeAdmin());
  }
}
