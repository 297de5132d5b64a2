package dev.apikeys.storage.memory;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ApikeyStore} in the heap: thread-safe, lock-free on reads, exact under concurrent
 * inserts. Nothing survives the JVM; use it for tests of host applications and single-process
 * tools.
 *
 * <p>Two indexes: digest → key (the authentication path: one hash lookup) and tenant → name → key.
 * An insert claims the digest first and then the name, releasing the digest if the name is taken, so
 * a name is only ever reported taken when a key of that name really exists.
 */
public final class MemoryApikeyStore implements ApikeyStore {
  private final ConcurrentHashMap<KeyDigest, StoredApikey> byDigest = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, StoredApikey>> byTenant = new ConcurrentHashMap<>();

  private static final Comparator<StoredApikey> BY_NAME =
      Comparator.comparing(StoredApikey::name, MemoryApikeyStore::compareCodePoints);

  /** An empty store. */
  public MemoryApikeyStore() {}

  @Override
  public InsertOutcome insert(StoredApikey key) {
    Objects.requireNonNull(key, "key");
    if (byDigest.putIfAbsent(key.digest(), key) != null) {
      return InsertOutcome.DIGEST_TAKEN;
    }
    Map<String, StoredApikey> names = byTenant.computeIfAbsent(key.tenant(), t -> new ConcurrentHashMap<>());
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
  public List<StoredApikey> list(String tenant) {
    Map<String, StoredApikey> names = byTenant.get(tenant);
    if (names == null) {
      return List.of();
    }
    List<StoredApikey> keys = new ArrayList<>(names.values());
    keys.sort(BY_NAME);
    return keys;
  }

  @Override
  public boolean delete(String tenant, String name) {
    Map<String, StoredApikey> names = byTenant.get(tenant);
    if (names == null) {
      return false;
    }
    StoredApikey removed = names.remove(name);
    if (removed == null) {
      return false;
    }
    byDigest.remove(removed.digest(), removed);
    return true;
  }

  /** Code point order; {@link String#compareTo} compares UTF-16 units, which sorts some characters differently. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** The number of keys in all tenants. */
  public int size() {
    return byDigest.size();
  }

  @Override
  public String toString() {
    return "MemoryApikeyStore[" + size() + " keys]";
  }
}
