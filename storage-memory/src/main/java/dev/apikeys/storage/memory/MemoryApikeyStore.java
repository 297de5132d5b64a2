package dev.apikeys.storage.memory;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.NameOrder;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.RotateOutcome;
import dev.apikeys.core.spi.Rotation;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ApikeyStore} in the heap: thread-safe, lock-free on reads, exact under concurrent
 * inserts. Nothing survives the JVM; use it for tests of host applications and single-process
 * tools. It has every {@link StoreFeature}.
 *
 * <p>Two indexes: digest → key (the authentication path: one hash lookup; a rotated name's previous
 * key is there too, as {@link StoredApikey#previous()}) and tenant → name → key, the names kept
 * sorted for listings. An insert claims the digest first and then the name,
 * releasing the digest if the name is taken, so a name is only ever reported taken when a key of
 * that name really exists.
 */
public final class MemoryApikeyStore implements ApikeyStore {
  private static final Set<StoreFeature> FEATURES = Set.copyOf(EnumSet.allOf(StoreFeature.class));

  private final ConcurrentHashMap<KeyDigest, StoredApikey> byDigest = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, StoredApikey>> byTenant = new ConcurrentHashMap<>();

  /** An empty store. */
  public MemoryApikeyStore() {}

  @Override
  public Set<StoreFeature> features() {
    return FEATURES;
  }

  @Override
  public InsertOutcome insert(StoredApikey key) {
    Objects.requireNonNull(key, "key");
    if (key.previous() != null) {
      throw new IllegalArgumentException("a key is inserted without a previous key: a rotation makes one");
    }
    if (byDigest.putIfAbsent(key.digest(), key) != null) {
      return InsertOutcome.DIGEST_TAKEN;
    }
    Map<String, StoredApikey> names = byTenant.computeIfAbsent(key.tenant(), t -> new ConcurrentSkipListMap<>(NameOrder.COMPARATOR));
    if (names.putIfAbsent(key.name(), key) != null) {
      byDigest.remove(key.digest(), key);
      return InsertOutcome.NAME_TAKEN;
    }
    return InsertOutcome.INSERTED;
  }

  @Override
  public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
    StoredApikey key = byDigest.get(digest);
    // A key whose name insert is still under way is visible here for an instant; nobody has been
    // given its plaintext yet, so nobody can present it.
    return key != null && key.tenant().equals(tenant) ? Optional.of(key) : Optional.empty();
  }

  @Override
  public Optional<StoredApikey> findByName(String tenant, String name) {
    Map<String, StoredApikey> names = byTenant.get(tenant);
    return names == null ? Optional.empty() : Optional.ofNullable(names.get(name));
  }

  @Override
  public List<StoredApikey> list(String tenant) {
    Map<String, StoredApikey> names = byTenant.get(tenant);
    return names == null ? List.of() : new ArrayList<>(names.values());
  }

  @Override
  public List<StoredApikey> list(String tenant, @Nullable String afterName, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    NavigableMap<String, StoredApikey> names = byTenant.get(tenant);
    if (names == null) {
      return List.of();
    }
    List<StoredApikey> page = new ArrayList<>(Math.min(limit, 128));
    for (StoredApikey key : (afterName == null ? names : names.tailMap(afterName, false)).values()) {
      page.add(key);
      if (page.size() == limit) {
        break;
      }
    }
    return page;
  }

  /** Under the tenant's lock, as revokes and rotations: a rotation never puts back a digest of a deleted name. */
  @Override
  public boolean delete(String tenant, String name) {
    ConcurrentSkipListMap<String, StoredApikey> names = byTenant.get(tenant);
    if (names == null) {
      return false;
    }
    synchronized (names) {
      StoredApikey removed = names.remove(name);
      if (removed == null) {
        return false;
      }
      forget(removed);
      return true;
    }
  }

  /**
   * Atomic against other revokes of the tenant, which take the same lock, and against anything
   * that replaces or updates the key meanwhile: it is removed only if it is still the record the
   * decision was made on, and decided on again otherwise. Inserts need no lock, as they only add.
   */
  @Override
  public RevokeOutcome revoke(String tenant, String name, RevokeDecision decision) {
    Objects.requireNonNull(decision, "decision");
    ConcurrentSkipListMap<String, StoredApikey> names = byTenant.get(tenant);
    if (names == null) {
      return RevokeOutcome.NOT_FOUND;
    }
    synchronized (names) {
      while (true) {
        StoredApikey target = names.get(name);
        if (target == null) {
          return RevokeOutcome.NOT_FOUND;
        }
        RevokeOutcome verdict =
            Objects.requireNonNull(decision.decide(target, new ArrayList<>(names.values())), "the decision gave no outcome");
        if (verdict != RevokeOutcome.REVOKED) {
          return verdict;
        }
        if (names.remove(name, target)) {
          forget(target);
          return RevokeOutcome.REVOKED;
        }
      }
    }
  }

  /**
   * Atomic against revokes and other rotations of the tenant, which take the same lock; the key is
   * replaced only if it is still the record the rotation was made from (a last-use update may have
   * replaced it), and made again otherwise. The new digest is claimed first, so an insert of the
   * same digest meanwhile makes this {@link RotateOutcome#DIGEST_TAKEN}.
   */
  @Override
  public RotateOutcome rotate(String tenant, String name, Rotation rotation) {
    Objects.requireNonNull(rotation, "rotation");
    ConcurrentSkipListMap<String, StoredApikey> names = byTenant.get(tenant);
    if (names == null) {
      return RotateOutcome.NOT_FOUND;
    }
    synchronized (names) {
      while (true) {
        StoredApikey current = names.get(name);
        if (current == null) {
          return RotateOutcome.NOT_FOUND;
        }
        StoredApikey made = rotation.replace(current);
        if (made == null) {
          return RotateOutcome.FORBIDDEN;
        }
        StoredApikey next = Rotation.checked(current, made);
        if (byDigest.putIfAbsent(next.digest(), next) != null) {
          return RotateOutcome.DIGEST_TAKEN;
        }
        if (names.replace(name, current, next)) {
          StoredApikey previous = Objects.requireNonNull(next.previous());
          byDigest.put(previous.digest(), previous);
          StoredApikey older = current.previous();
          if (older != null) {
            forgetDigest(tenant, name, older.digest());
          }
          return RotateOutcome.ROTATED;
        }
        byDigest.remove(next.digest(), next);
      }
    }
  }

  /** Drops a deleted key's digests, its previous key's included. */
  private void forget(StoredApikey removed) {
    // Not remove(digest, removed): a last-use update may have replaced the record meanwhile.
    forgetDigest(removed.tenant(), removed.name(), removed.digest());
    StoredApikey previous = removed.previous();
    if (previous != null) {
      forgetDigest(removed.tenant(), removed.name(), previous.digest());
    }
  }

  private void forgetDigest(String tenant, String name, KeyDigest digest) {
    byDigest.computeIfPresent(digest, (d, k) -> k.tenant().equals(tenant) && k.name().equals(name) ? null : k);
  }

  @Override
  public void recordLastUse(Map<KeyDigest, Instant> uses) {
    uses.forEach((digest, when) -> {
      for (StoredApikey current = byDigest.get(digest); current != null; current = byDigest.get(digest)) {
        if (current.lastUsedAt() != null && !current.lastUsedAt().isBefore(when)) {
          return;
        }
        StoredApikey updated = current.withLastUsedAt(when);
        if (byDigest.replace(digest, current, updated)) {
          Map<String, StoredApikey> names = byTenant.get(current.tenant());
          if (names != null) {
            names.replace(current.name(), current, updated);
          }
          return;
        }
      }
    });
  }

  /** The number of keys in all tenants; a rotated name counts once. */
  public int size() {
    int size = 0;
    for (Map<String, StoredApikey> names : byTenant.values()) {
      size += names.size();
    }
    return size;
  }

  @Override
  public String toString() {
    return "MemoryApikeyStore[" + size() + " keys]";
  }
}
