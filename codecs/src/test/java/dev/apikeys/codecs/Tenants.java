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
import dev.apikeys.core.spi.RotateOutcome;
import dev.apikeys.core.spi.Rotation;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import dev.apikeys.storage.tck.ForwardingApikeyStore;
import dev.apikeys.storage.tck.SeededKeyGenerator;
import dev.apikeys.testsupport.MutableClock;
import java.time.Instant;
import java.util.EnumSet;
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
public final class Tenants {
  public static final String ACME = "acme";
  public static final String GLOBEX = "globex";

  /** When the tenants were made: every bootstrap key's {@code created-at}. */
  public static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

  public final SwitchableStore store = new SwitchableStore(new MemoryApikeyStore());
  public final ScriptedKeys keys = new ScriptedKeys(new SeededKeyGenerator(7));
  public final MutableClock clock = new MutableClock(START);
  public final ApikeyService service;
  public final CreatedApikey admin;
  public final CreatedApikey operator;
  public final CreatedApikey viewer;
  public final CreatedApikey globexAdmin;

  public Tenants() {
    service = ApikeyService.builder().store(store).keyGenerator(keys).clock(clock).build();
    admin = service.createBootstrapKey(ACME, new ApikeyRequest("root", "admin"));
    operator = service.createBootstrapKey(ACME, new ApikeyRequest("ops", "operator"));
    viewer = service.createBootstrapKey(ACME, new ApikeyRequest("dashboard", "viewer"));
    globexAdmin = service.createBootstrapKey(GLOBEX, new ApikeyRequest("root", "admin"));
  }

  public ApikeyEndpoint endpoint() {
    return ApikeyEndpoint.builder().service(service).build();
  }

  /** Seeded keys, unless a test scripts what comes next. */
  public static final class ScriptedKeys implements KeyGenerator {
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
  public static final class SwitchableStore extends ForwardingApikeyStore {
    public volatile boolean failLookups;
    public volatile boolean failInserts;
    /** Fails listings, revokes and rotations, but not the lookup that authenticates. */
    public volatile boolean failLists;
    /** Lacks {@link StoreFeature#ROTATION}, as a store of a host's own may. */
    public volatile boolean withoutRotation;

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

    @Override
    public RotateOutcome rotate(String tenant, String name, Rotation rotation) {
      failIfListing();
      return delegate.rotate(tenant, name, rotation);
    }

    @Override
    public Set<StoreFeature> features() {
      if (!withoutRotation) {
        return delegate.features();
      }
      Set<StoreFeature> features = EnumSet.noneOf(StoreFeature.class);
      features.addAll(delegate.features());
      features.remove(StoreFeature.ROTATION);
      return features;
    }

    private void failIfListing() {
      if (failLists) {
        throw new IllegalStateException("connection refused: db.internal:5432");
      }
    }
  }
}
