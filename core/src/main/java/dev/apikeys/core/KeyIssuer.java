package dev.apikeys.core;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.core.spi.RolePolicy;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Makes a new key for a validated request, authorized by the {@link RolePolicy} when a caller asks,
 * and stores it as its digest.
 */
final class KeyIssuer {
  private final ApikeyStore store;
  private final RolePolicy rolePolicy;
  private final KeyGenerator keyGenerator;
  private final Clock clock;
  private final int maxKeyAttempts;

  KeyIssuer(ApikeyStore store, RolePolicy rolePolicy, KeyGenerator keyGenerator, Clock clock, int maxKeyAttempts) {
    this.store = store;
    this.rolePolicy = rolePolicy;
    this.keyGenerator = keyGenerator;
    this.clock = clock;
    this.maxKeyAttempts = maxKeyAttempts;
  }

  /**
   * Stores a new key for a caller, in its tenant, if its role may create keys and grant the
   * request's role.
   *
   * @throws ForbiddenException if it may not
   * @throws NameTakenException if the tenant has a key of this name
   */
  CreatedApikey issueFor(Caller caller, ApikeyRequest request) {
    if (!rolePolicy.mayCreateKeys(caller)) {
      throw new ForbiddenException("your role may not create API keys");
    }
    if (!rolePolicy.mayGrant(caller, Objects.requireNonNull(request.role(), "role"))) { // validated
      throw new ForbiddenException("your role may not grant this role");
    }
    return issue(caller.tenant(), request, caller.id());
  }

  /**
   * Stores a new key for a validated request, which has a name and a role; a digest already in use
   * (a broken generator) is retried with another key.
   *
   * @throws NameTakenException if the tenant has a key of this name
   */
  CreatedApikey issue(String tenant, ApikeyRequest request, String createdBy) {
    String name = Objects.requireNonNull(request.name(), "name");
    String role = Objects.requireNonNull(request.role(), "role");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    for (int attempt = 0; attempt < maxKeyAttempts; attempt++) {
      NewKey key = newKey();
      StoredApikey record = key.stored(tenant, name, role, createdBy, now, request.expiresAt(), null);
      InsertOutcome outcome = StoreCalls.call(() -> store.insert(record));
      switch (Objects.requireNonNull(outcome, "the store returned no outcome")) {
        case INSERTED -> {
          return new CreatedApikey(role, name, key.key(), createdBy);
        }
        case NAME_TAKEN -> throw new NameTakenException(name);
        case DIGEST_TAKEN -> {
          continue;
        }
        default -> throw new IllegalStateException("unknown outcome " + outcome);
      }
    }
    throw generatorExhausted();
  }

  /** The number of new keys to try when their digests are taken. */
  int maxKeyAttempts() {
    return maxKeyAttempts;
  }

  ApikeyException generatorExhausted() {
    return new ApikeyException(
        ErrorCode.INTERNAL, "the key generator produced " + maxKeyAttempts + " keys that were all in use");
  }

  /** A new plaintext key and its digest. */
  NewKey newKey() {
    UUID key = Objects.requireNonNull(keyGenerator.newKey(), "the key generator returned null");
    return new NewKey(key, KeyDigest.ofKey(key));
  }

  /** A plaintext key, which exists only until it is returned to the caller, and its digest. */
  record NewKey(UUID key, KeyDigest digest) {
    StoredApikey stored(String tenant, String name, String role, String createdBy, Instant createdAt,
        @Nullable Instant expiresAt, @Nullable StoredApikey previous) {
      return new StoredApikey(tenant, name, role, digest, digest.fingerprint(), hint(key), createdBy, createdAt,
          expiresAt, null, previous);
    }

    @Override
    public String toString() {
      return "NewKey[<redacted>]";
    }
  }

  /**
   * Stores a tenant's first key, only when the tenant has no key at all: empty otherwise, and when
   * another process made the tenant's first key at the same moment.
   */
  Optional<CreatedApikey> issueFirst(String tenant, ApikeyRequest request, String createdBy) {
    if (!StoreCalls.call(() -> store.list(tenant, null, 1)).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(issue(tenant, request, createdBy));
    } catch (NameTakenException e) {
      return Optional.empty();
    }
  }

  /** The last four hex digits of a key: enough to tell keys apart, 16 of its 122 random bits. */
  private static String hint(UUID key) {
    return HexFormat.of().toHexDigits((short) key.getLeastSignificantBits());
  }
}
