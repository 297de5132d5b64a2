package dev.apikeys.codecs;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import dev.apikeys.storage.tck.SeededKeyGenerator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Two tenants on a memory store, with deterministic keys: in {@code acme} an admin, an operator
 * and a viewer; in {@code globex} an admin. The store can be told to fail.
 */
final class Tenants {
  static final String ACME = "acme";
  static final String GLOBEX = "globex";

  final SwitchableStore store = new SwitchableStore(new MemoryApikeyStore());
  final ScriptedKeys keys = new ScriptedKeys(new SeededKeyGenerator(7));
  final ApikeyService service;
  final CreatedApikey admin;
  final CreatedApikey operator;
  final CreatedApikey viewer;
  final CreatedApikey globexAdmin;

  Tenants() {
    service = ApikeyService.builder().store(store).keyGenerator(keys).build();
    admin = service.createBootstrapKey(ACME, new ApikeyRequest("root", "admin"));
    operator = service.createBootstrapKey(ACME, new ApikeyRequest("ops", "operator"));
    viewer = service.createBootstrapKey(ACME, new ApikeyRequest("dashboard", "viewer"));
    globexAdmin = service.createBootstrapKey(GLOBEX, new ApikeyRequest("root", "admin"));
  }

  ApikeyEndpoint endpoint() {
    return ApikeyEndpoint.builder().service(service).build();
  }

  /** Seeded keys, unless a test scripts what comes next. */
  static final class ScriptedKeys implements KeyGenerator {
    private final KeyGenerator seeded;
    volatile Supplier<UUID> next;

    ScriptedKeys(KeyGenerator seeded) {
      this.seeded = seeded;
    }

    @Override
    public UUID newKey() {
      Supplier<UUID> scripted = next;
      return scripted != null ? scripted.get() : seeded.newKey();
    }
  }

  /** A store that delegates, or fails like an unreachable database when told to. */
  static final class SwitchableStore implements ApikeyStore {
    private final ApikeyStore delegate;
    volatile boolean failLookups;
    volatile boolean failInserts;

    SwitchableStore(ApikeyStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public InsertOutcome insert(StoredApikey key) {
      if (failInserts) {
        throw new IllegalStateException("connection refused: db.internal:5432");
      }
      return delegate.insert(key);
    }

    @Override
    public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
      if (failLookups) {
        throw new IllegalStateException("connection refused: db.internal:5432");
      }
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
  }
}
