package dev.apikeys.core.spi;

import java.util.Set;

/**
 * A {@link MinimalStore} that rotates, as the SPI asks of a store with {@link StoreFeature#ROTATION}:
 * the replacement checked by {@link Rotation#checked}, the previous key found by its digest.
 */
public class RotatingStore extends MinimalStore {
  /** Rotations still to refuse as if the new key's digest were taken. */
  public int digestsTaken;
  /** Rotations asked for, refused or not. */
  public int rotations;

  @Override
  public Set<StoreFeature> features() {
    return Set.of(StoreFeature.ROTATION, StoreFeature.EXPIRY);
  }

  @Override
  public java.util.Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
    for (StoredApikey key : keys) {
      if (key.tenant().equals(tenant)) {
        if (key.digest().equals(digest)) {
          return java.util.Optional.of(key);
        }
        if (key.previous() != null && key.previous().digest().equals(digest)) {
          return java.util.Optional.of(key.previous());
        }
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public RotateOutcome rotate(String tenant, String name, Rotation rotation) {
    rotations++;
    for (int i = 0; i < keys.size(); i++) {
      StoredApikey current = keys.get(i);
      if (current.tenant().equals(tenant) && current.name().equals(name)) {
        StoredApikey made = rotation.replace(current);
        if (made == null) {
          return RotateOutcome.FORBIDDEN;
        }
        if (digestsTaken > 0) {
          digestsTaken--;
          return RotateOutcome.DIGEST_TAKEN;
        }
        keys.set(i, Rotation.checked(current, made));
        return RotateOutcome.ROTATED;
      }
    }
    return RotateOutcome.NOT_FOUND;
  }
}
