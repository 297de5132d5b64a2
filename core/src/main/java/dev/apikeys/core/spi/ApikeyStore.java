package dev.apikeys.core.spi;

import java.util.List;
import java.util.Optional;

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
   * @param key the key to store
   * @return what happened; nothing is stored unless {@link InsertOutcome#INSERTED}
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
}
