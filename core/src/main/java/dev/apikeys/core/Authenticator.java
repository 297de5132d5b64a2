package dev.apikeys.core;

import dev.apikeys.core.internal.LastUseRecorder;
import dev.apikeys.core.internal.Uuids;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Tells who presents a key: the path every request of the host takes, so it allocates little and takes no lambda. */
final class Authenticator {
  /** Tenants are at most this long: no other tenant can exist. */
  static final int MAX_TENANT_LENGTH = 256;

  private final ApikeyStore store;
  private final Clock clock;
  /** Null when last use is not tracked. */
  private final @Nullable LastUseRecorder lastUse;
  private final Auditor auditor;

  Authenticator(ApikeyStore store, Clock clock, @Nullable LastUseRecorder lastUse, Auditor auditor) {
    this.store = store;
    this.clock = clock;
    this.lastUse = lastUse;
    this.auditor = auditor;
  }

  Caller authenticate(@Nullable String tenant, @Nullable String presentedKey) {
    UUID key = Uuids.parseCanonical(presentedKey);
    if (key == null || tenant == null || !usableTenant(tenant)) {
      throw refused(tenant);
    }
    KeyDigest digest = KeyDigest.ofKey(key);
    Optional<StoredApikey> found;
    try {
      found = store.findByDigest(tenant, digest);
    } catch (RuntimeException e) {
      ApikeyException failure = StoreCalls.translate(e);
      if (failure instanceof StorageUnavailableException) {
        auditor.record(AuditEvent.Action.AUTHENTICATE, tenant, null, null, failure);
      }
      throw failure;
    }
    if (found.isEmpty() || !found.get().tenant().equals(tenant)) {
      throw refused(tenant);
    }
    StoredApikey stored = found.get();
    if (stored.expiresAt() != null || lastUse != null) {
      Instant now = clock.instant();
      if (stored.isExpiredAt(now)) {
        throw refused(tenant);
      }
      if (lastUse != null) {
        lastUse.used(stored, now);
      }
    }
    return new Caller(tenant, ApikeyService.KEY_CALLER_PREFIX + stored.keyId(), stored.role(), Optional.of(stored.name()));
  }

  private UnauthenticatedException refused(@Nullable String tenant) {
    auditor.record(AuditEvent.Action.AUTHENTICATE, tenant, null, null, UnauthenticatedException.instance());
    return UnauthenticatedException.instance();
  }

  /** Refuses a tenant that a host gives directly, rather than a header. */
  static void checkTenant(String tenant) {
    if (tenant.isBlank() || !usableTenant(tenant)) {
      throw new IllegalArgumentException(
          "a tenant is 1 to " + MAX_TENANT_LENGTH + " characters, not blank, no control characters");
    }
  }

  /** Tenants are 1 to 256 characters without control characters. */
  static boolean usableTenant(@Nullable String tenant) {
    if (tenant == null || tenant.isEmpty() || tenant.length() > MAX_TENANT_LENGTH) {
      return false;
    }
    for (int i = 0; i < tenant.length(); i++) {
      if (Character.isISOControl(tenant.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
