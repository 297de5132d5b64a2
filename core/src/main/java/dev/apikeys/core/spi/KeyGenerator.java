package dev.apikeys.core.spi;

import dev.apikeys.core.internal.SecureRandomKeyGenerator;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Makes new plaintext keys. Implementations must be thread-safe.
 *
 * <p>The format is fixed by the API: a key is a UUID. Replace the default only to make tests
 * deterministic; a production generator must be unpredictable.
 */
@FunctionalInterface
public interface KeyGenerator {
  /**
   * Makes a new key.
   *
   * @return the key
   */
  UUID newKey();

  /** The default: random version-4 UUIDs (122 random bits) from a new {@link SecureRandom}. */
  static KeyGenerator secureRandom() {
    return new SecureRandomKeyGenerator(new SecureRandom());
  }

  /**
   * Random version-4 UUIDs from the given source.
   *
   * @param random a cryptographically strong source
   * @return the generator
   */
  static KeyGenerator secureRandom(SecureRandom random) {
    return new SecureRandomKeyGenerator(random);
  }
}
