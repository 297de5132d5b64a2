package dev.apikeys.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A request to create an API key: the spec's {@code ApikeySchema}, plus an optional expiry.
 *
 * <p>Constructing one checks nothing, not even for {@code null}; {@link
 * ApikeyService#create(Caller, ApikeyRequest)} validates it and reports every violation at once.
 * Decoders hand the service {@link RequestFields} instead, through {@link
 * ApikeyService#create(Caller, RequestFields)}, which also reports missing, extra and mistyped
 * fields.
 *
 * <p>{@code expires-at} extends the spec's schema: a request without it is exactly the spec's, and a
 * host that turns expiry off ({@link ApikeyService.Builder#expiry(boolean)}) refuses it with the
 * violation {@value Violation#NOT_SUPPORTED}.
 *
 * @param name the key's name, unique within the tenant
 * @param role the role the new key will have
 * @param expiresAt when the key stops authenticating, or {@code null} for never
 */
public record ApikeyRequest(@Nullable String name, @Nullable String role, @Nullable Instant expiresAt) {
  /** The wire name of the {@code name} field. */
  public static final String NAME = "name";
  /** The wire name of the {@code role} field. */
  public static final String ROLE = "role";
  /** The wire name of the optional expiry: an RFC 3339 timestamp, or the format's own instant type. */
  public static final String EXPIRES_AT = "expires-at";

  /**
   * A request for a key that never expires: exactly the spec's schema.
   *
   * @param name the key's name
   * @param role the key's role
   */
  public ApikeyRequest(@Nullable String name, @Nullable String role) {
    this(name, role, null);
  }
}
