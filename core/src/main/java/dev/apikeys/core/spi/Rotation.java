package dev.apikeys.core.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The key that replaces a name's key, made by {@link ApikeyStore#rotate} from the key as it is when
 * the store replaces it, so that a key replaced or revoked since the caller last read it is judged
 * as it is now.
 */
@FunctionalInterface
public interface Rotation {
  /**
   * Makes the replacement of one key.
   *
   * @param current the name's key as it is now; its own {@link StoredApikey#previous()}, if any, is
   *     dropped by the rotation
   * @return the new key, of the same tenant and name, with {@code current} as its {@link
   *     StoredApikey#previous()}; or {@code null} to refuse, and the store answers {@link
   *     RotateOutcome#FORBIDDEN} having written nothing
   */
  @Nullable StoredApikey replace(StoredApikey current);

  /**
   * Checks a replacement as every store must before writing it.
   *
   * @param current the key being replaced
   * @param replacement what {@link #replace} made of it
   * @return {@code replacement}
   * @throws IllegalArgumentException if it is of another tenant or name, or its previous key is not
   *     {@code current}'s key
   */
  static StoredApikey checked(StoredApikey current, StoredApikey replacement) {
    Objects.requireNonNull(replacement, "replacement");
    StoredApikey previous = replacement.previous();
    if (!replacement.tenant().equals(current.tenant()) || !replacement.name().equals(current.name())
        || previous == null || !previous.digest().equals(current.digest())) {
      throw new IllegalArgumentException("a rotation replaces a key by one of its tenant and name, the replaced key as its previous key");
    }
    return replacement;
  }
}
