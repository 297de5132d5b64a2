package dev.apikeys.core.internal;

import dev.apikeys.core.spi.KeyGenerator;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;

/** Version-4 UUIDs as RFC 9562 lays them out: 122 random bits, version 4, variant 10. */
public final class SecureRandomKeyGenerator implements KeyGenerator {
  private final SecureRandom random;

  public SecureRandomKeyGenerator(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public UUID newKey() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Uuids.version4(b);
  }

  @Override
  public String toString() {
    return "KeyGenerator[SecureRandom " + random.getAlgorithm() + "]";
  }
}
