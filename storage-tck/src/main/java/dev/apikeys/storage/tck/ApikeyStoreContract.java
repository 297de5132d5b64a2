package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ApikeyStore}: subclass it, return a fresh empty store from {@link
 * #newStore()}, and every test runs against it.
 *
 * <pre>{@code
 * class MyStoreTest extends ApikeyStoreContract {
 *   @Override protected ApikeyStore newStore() { return new MyStore(...); }
 * }
 * }</pre>
 */
public abstract class ApikeyStoreContract {
  /** The store under test, fresh for each test. */
  protected ApikeyStore store;

  /**
   * A new store with no keys in it. Called before each test.
   *
   * @return the store
   */
  protected abstract ApikeyStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  @Test
  void insertedKeyIsFoundByDigest() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findByDigest("acme", key.digest())).contains(key);
  }
}
