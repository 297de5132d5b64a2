package dev.apikeys.core.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Where API keys are kept. Implementations must be thread-safe.
 *
 * <p>A store never sees a plaintext key, only its {@link KeyDigest}. Every operation either
 * completes or changes nothing. When the backing system is unreachable or failing, an operation
 * throws {@link dev.apikeys.core.StorageUnavailableException}; the service also treats any other
 * runtime exception as such.
 *
 * <p>Every store must pass the abstract contract tests of the {@code apikeys-storage-tck} artifact.
 * New operations are added as default methods, so stores written against an older version keep
 * compiling.
 */
public interface ApikeyStore {
  /**
   * Stores a key atomically, unless its name is taken in its tenant or its digest exists anywhere.
   * When several threads or processes insert the same tenant and name at once, exactly one gets
   * {@link InsertOutcome#INSERTED}.
   *
   * @param key the key to store, without a {@link StoredApikey#previous() previous key} (only a
   *     rotation makes one)
   * @return what happened; nothing is stored unless {@link InsertOutcome#INSERTED}; {@link
   *     InsertOutcome#DIGEST_TAKEN} also when the digest is some key's previous key's
   * @throws IllegalArgumentException if the key has a previous key
   */
  InsertOutcome insert(StoredApikey key);

  /**
   * Finds a key of a tenant by its digest. A key of another tenant with that digest is not found.
   *
   * @param tenant the tenant
   * @param digest the digest of the presented key
   * @return the key, or empty
   */
  Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest);

  /**
   * Lists the keys of a tenant, ordered by name in binary order (by Unicode code point, as {@code
   * COLLATE "C"} sorts), whatever the database's collation.
   *
   * @param tenant the tenant
   * @return its keys, possibly none
   */
  List<StoredApikey> list(String tenant);

  /**
   * Deletes a key of a tenant by name; it stops authenticating at once.
   *
   * @param tenant the tenant
   * @param name the key's name
   * @return whether a key was deleted
   */
  boolean delete(String tenant, String name);

  /**
   * The abilities this store has beyond the operations every store implements. The default is
   * none: the service then refuses expiry in requests, refuses to be built with last-use tracking,
   * and revokes in two steps.
   *
   * @return the store's features
   */
  default Set<StoreFeature> features() {
    return Set.of();
  }

  /**
   * Finds a key of a tenant by name.
   *
   * @param tenant the tenant
   * @param name the name
   * @return the key, or empty
   */
  default Optional<StoredApikey> findByName(String tenant, String name) {
    return list(tenant).stream().filter(k -> k.name().equals(name)).findFirst();
  }

  /**
   * One page of a tenant's keys, ordered by name as {@link #list(String)} orders them.
   *
   * @param tenant the tenant
   * @param afterName only names after this one, or {@code null} to start at the first
   * @param limit the most keys to return, at least 1
   * @return up to {@code limit} keys
   */
  default List<StoredApikey> list(String tenant, @Nullable String afterName, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    List<StoredApikey> page = new ArrayList<>(Math.min(limit, 128));
    for (StoredApikey key : list(tenant)) {
      if (afterName == null || NameOrder.compare(key.name(), afterName) > 0) {
        page.add(key);
        if (page.size() == limit) {
          break;
        }
      }
    }
    return page;
  }

  /**
   * Deletes a key of a tenant by name if {@code decision}, asked about the key as it is when it is
   * deleted, says {@link RevokeOutcome#REVOKED}. A key replaced under the same name between a
   * caller's earlier read and this call is judged as it is now, never as it was.
   *
   * <p>Stores with {@link StoreFeature#ATOMIC_REVOKE} decide and delete as one atomic step, also
   * against other processes sharing the store: two concurrent revokes of a tenant's last two
   * administrators cannot both succeed. The default, for stores without it, lists the tenant's
   * keys, asks {@code decision}, then deletes by name: a key replaced between those steps is
   * deleted on the earlier answer.
   *
   * @param tenant the tenant
   * @param name the key to delete
   * @param decision asked once about the key and the tenant's keys (the service passes its role
   *     policy and the last-administrator rule); it runs inside the store's atomic step, so it must
   *     be quick, and what it throws passes unchanged with nothing deleted
   * @return {@link RevokeOutcome#NOT_FOUND} without asking when there is no such key; otherwise
   *     {@code decision}'s answer, the key deleted only when that is {@link RevokeOutcome#REVOKED}
   */
  default RevokeOutcome revoke(String tenant, String name, RevokeDecision decision) {
    Objects.requireNonNull(decision, "decision");
    List<StoredApikey> keys = list(tenant);
    Optional<StoredApikey> target = keys.stream().filter(k -> k.name().equals(name)).findFirst();
    if (target.isEmpty()) {
      return RevokeOutcome.NOT_FOUND;
    }
    RevokeOutcome verdict = Objects.requireNonNull(decision.decide(target.get(), keys), "the decision gave no outcome");
    if (verdict != RevokeOutcome.REVOKED) {
      return verdict;
    }
    return delete(tenant, name) ? RevokeOutcome.REVOKED : RevokeOutcome.NOT_FOUND;
  }

  /**
   * Deletes a key unless it is the tenant's last key able to administer the tenant: {@link
   * #revoke} with {@link RevokeDecision#unlessLast}, atomic as {@link #revoke} is.
   *
   * @param tenant the tenant
   * @param name the key to delete
   * @param administers which keys count as able to administer the tenant
   * @return what happened
   */
  default RevokeOutcome revokeUnlessLast(String tenant, String name, Predicate<StoredApikey> administers) {
    return revoke(tenant, name, RevokeDecision.unlessLast(administers));
  }

  /**
   * Replaces the key of a name by the one {@code rotation} makes from it, as one atomic step: the
   * replaced key becomes the new key's {@link StoredApikey#previous()}, and the earlier previous
   * key, if any, is gone. Concurrent rotations of a name each replace the key the other left, so
   * that no third key survives; a rotation and a revoke of a name leave either no key or the
   * rotated pair, never the pair's new key alone nor a revoked key that still authenticates.
   *
   * @param tenant the tenant
   * @param name the name
   * @param rotation asked once about the key as it is now (and again if a store must retry); it
   *     runs inside the store's atomic step, so it must be quick, and what it throws passes
   *     unchanged with nothing written
   * @return {@link RotateOutcome#NOT_FOUND} without asking when there is no such key; {@link
   *     RotateOutcome#FORBIDDEN} when {@code rotation} refused; {@link RotateOutcome#DIGEST_TAKEN}
   *     when the new digest is in use as any key or previous key; else {@link RotateOutcome#ROTATED}
   * @throws UnsupportedOperationException if the store lacks {@link StoreFeature#ROTATION}
   * @throws IllegalArgumentException if the new key is of another tenant or name, or its previous
   *     key is not the replaced one
   */
  default RotateOutcome rotate(String tenant, String name, Rotation rotation) {
    throw new UnsupportedOperationException(getClass().getName() + " does not rotate keys: it lacks StoreFeature.ROTATION");
  }

  /**
   * Records when keys were last used, in one batch, off the request path. A recorded time is never
   * replaced by an earlier one.
   * Keys deleted meanwhile are skipped. Only for stores with {@link StoreFeature#LAST_USE}.
   *
   * @param uses digest of a key to when it was used
   * @throws UnsupportedOperationException if the store lacks {@link StoreFeature#LAST_USE}
   */
  default void recordLastUse(Map<KeyDigest, Instant> uses) {
    throw new UnsupportedOperationException(getClass().getName() + " does not record last use: it lacks StoreFeature.LAST_USE");
  }
}
