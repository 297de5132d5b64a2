package dev.apikeys.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A store with only the four methods every store must have; the SPI's defaults do the rest. */
public class MinimalStore implements ApikeyStore {
  /** Every key, in insertion order. */
  public final List<StoredApikey> keys = new ArrayList<>();

  @Override
  public InsertOutcome insert(StoredApikey key) {
    keys.add(key);
    return InsertOutcome.INSERTED;
  }

  @Override
  public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
    return keys.stream().filter(k -> k.tenant().equals(tenant) && k.digest().equals(digest)).findFirst();
  }

  /** By name, as the SPI asks. */
  @Override
  public List<StoredApikey> list(String tenant) {
    return keys.stream().filter(k -> k.tenant().equals(tenant)).sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  @Override
  public boolean delete(String tenant, String name) {
    return keys.removeIf(k -> k.tenant().equals(tenant) && k.name().equals(name));
  }
}
