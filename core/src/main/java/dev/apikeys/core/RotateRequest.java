package dev.apikeys.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to rotate a key: how long the replaced key keeps working, and when the new key expires.
 * The new key keeps the name and the role.
 *
 * @param grace how long the replaced key keeps authenticating, from zero (it stops at once) to
 *     {@link #MAX_GRACE}; never longer than its own expiry
 * @param expiresAt when the new key stops authenticating, or {@code null} for never, checked as a
 *     create's {@code expires-at} is
 */
public record RotateRequest(Duration grace, @Nullable Instant expiresAt) {
  /** The field with the grace period in whole seconds. */
  public static final String GRACE_SECONDS = "grace-seconds";
  /** The field with the new key's expiry. */
  public static final String EXPIRES_AT = ApikeyRequest.EXPIRES_AT;
  /** The longest grace period: seven days. */
  public static final Duration MAX_GRACE = Duration.ofDays(7);

  /** Checks that the grace period is present; its range is checked by the service. */
  public RotateRequest {
    Objects.requireNonNull(grace, "grace");
  }

  /**
   * A rotation with a grace period and no expiry for the new key.
   *
   * @param grace how long the replaced key keeps working
   * @return the request
   */
  public static RotateRequest withGrace(Duration grace) {
    return new RotateRequest(grace, null);
  }
}
