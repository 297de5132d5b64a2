package dev.apikeys.codecs;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import dev.apikeys.storage.tck.ForwardingApikeyStore;
import dev.apikeys.storage.tck.SeededKeyGenerator;
import dev.apikeys.testsupport.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Two tenants on a memory store, with deterministic keys and a clock that moves only when told:
 * in {@code acme} an admin ({@code root}), an operator ({@code ops}) and a viewer ({@code
 * dashboard}); in {@code globex} an admin. The store can be told to fail.
 */
final class Tenants {
  static final String ACME = "acme";
  static final String GLOBEX = "globex";

  /** When the tenants were made: every bootstrap key's {@code created-at}. */
  static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

  final SwitchableStore store = new SwitchableStore(new MemoryApikeyStore());
  final ScriptedKeys keys = new ScriptedKeys(new SeededKeyGenerator(7));
  final MutableClock clock = new MutableClock(START);
  final ApikeyService service;
  final CreatedApikey admin;
  final CreatedApikey operator;
  final CreatedApikey viewer;
  final CreatedApikey globexAdmin;

  Tenants() {
    service = ApikeyService.builder().store(store).keyGenerator(keys).clock(clock).build();
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


  /** A store that delegates, every feature included, or fails like an unreachable database when told to. */
  static final class SwitchableStore extends ForwardingApikeyStore {
    volatile boolean failLookups;
    volatile boolean failInserts;
    /** Fails listings and revokes, but not the lookup that authenticates. */
    volatile boolean failLists;

    SwitchableStore(ApikeyStore delegate) {
      super(delegate);
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
      failIfListing();
      return delegate.list(tenant);
    }

    @Override
    public Optional<StoredApikey> findByName(String tenant, String name) {
      failIfListing();
      return delegate.findByName(tenant, name);
    }

    @Override
    public List<StoredApikey> list(String tenant, String afterName, int limit) {
      failIfListing();
      return delegate.list(tenant, afterName, limit);
    }

    @Override
    public RevokeOutcome revoke(String tenant, String name, RevokeDecision decision) {
      failIfListing();
      return delegate.revoke(tenant, name, decision);
    }

    private void failIfListing() {
      if (failLists) {
        throw new IllegalStateException("connection refused: db.internal:5432");
      }
    }
  }
}
