package dev.apikeys.core.internal;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.Violation;
import dev.apikeys.core.spi.RolePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Checks a request against the schema and the tenant's roles, reporting every violation at once. */
public final class RequestValidator {
  /** Field names longer than this are cut in violations, so that an error never grows with hostile input. */
  private static final int MAX_REPORTED_FIELD_LENGTH = 64;

  /** RFC 3339 and EDN's #inst cannot write a later year, and transit's instants overflow past it. */
  private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59.999Z");

  private final RolePolicy roles;
  private final int maxNameLength;
  private final Clock clock;
  private final boolean expiryAllowed;
  private final Duration maxLifetime;

  /**
   * @param expiryAllowed whether requests may carry an expiry
   * @param maxLifetime the furthest expiry from now, or {@code null} for no limit
   */
  public RequestValidator(RolePolicy roles, int maxNameLength, Clock clock, boolean expiryAllowed, Duration maxLifetime) {
    this.roles = roles;
    this.maxNameLength = maxNameLength;
    this.clock = clock;
    this.expiryAllowed = expiryAllowed;
    this.maxLifetime = maxLifetime;
  }

  /** Validates a typed request. */
  public ApikeyRequest validate(String tenant, ApikeyRequest request) {
    List<Violation> violations = new ArrayList<>(2);
    checkName(request.name(), true, violations);
    checkRole(tenant, request.role(), true, violations);
    Instant expiresAt = request.expiresAt() == null ? null : checkExpiry(request.expiresAt(), violations);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    return new ApikeyRequest(request.name(), request.role(), expiresAt);
  }

  /**
   * Validates an untyped map of decoded fields: presence, types, unknown fields, then content. The
   * request's own fields are reported first, then unknown ones in the map's order.
   */
  public ApikeyRequest validate(String tenant, Map<String, ?> fields) {
    List<Violation> violations = new ArrayList<>(2);
    boolean hasName = fields.containsKey(ApikeyRequest.NAME);
    boolean hasRole = fields.containsKey(ApikeyRequest.ROLE);
    boolean hasExpiry = fields.containsKey(ApikeyRequest.EXPIRES_AT);
    Object name = fields.get(ApikeyRequest.NAME);
    Object role = fields.get(ApikeyRequest.ROLE);
    checkName(name, hasName, violations);
    checkRole(tenant, role, hasRole, violations);
    Instant expiresAt = null;
    Object expiry = fields.get(ApikeyRequest.EXPIRES_AT);
    if (expiry != null) {
      Instant parsed = timestamp(expiry, violations);
      expiresAt = parsed == null ? null : checkExpiry(parsed, violations);
    }
    int count = violations.size();
    if (fields.size() > (hasName ? 1 : 0) + (hasRole ? 1 : 0) + (hasExpiry ? 1 : 0)) {
      // In the map's order, the body's for the codecs; past the listed ones, only counted, so
      // that thousands of unknown fields make no more garbage than twenty.
      for (Object f : fields.keySet()) {
        if (!ApikeyRequest.NAME.equals(f) && !ApikeyRequest.ROLE.equals(f) && !ApikeyRequest.EXPIRES_AT.equals(f)) {
          if (violations.size() < InvalidRequestException.MAX_LISTED_VIOLATIONS) {
            violations.add(new Violation(reported(String.valueOf(f)), Violation.UNKNOWN_FIELD, "the request has no such field"));
          }
          count++;
        }
      }
    }
    if (count > 0) {
      throw new InvalidRequestException(violations, count);
    }
    return new ApikeyRequest((String) name, (String) role, expiresAt);
  }

  /** An expiry as the formats give it: an RFC 3339 string with an offset, or an instant or date value. */
  private Instant timestamp(Object value, List<Violation> out) {
    String field = ApikeyRequest.EXPIRES_AT;
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (!(value instanceof String text)) {
      out.add(new Violation(field, Violation.WRONG_TYPE, "expires-at must be an RFC 3339 timestamp such as 2027-01-31T00:00:00Z"));
      return null;
    }
    try {
      if (text.length() <= 64) {
        return OffsetDateTime.parse(text).toInstant();
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    out.add(new Violation(field, Violation.INVALID_TIMESTAMP,
        "expires-at must be an RFC 3339 timestamp with an offset, such as 2027-01-31T00:00:00Z"));
    return null;
  }

  private Instant checkExpiry(Instant expiresAt, List<Violation> out) {
    String field = ApikeyRequest.EXPIRES_AT;
    if (!expiryAllowed) {
      out.add(new Violation(field, Violation.NOT_SUPPORTED, "keys cannot be given an expiry here"));
      return null;
    }
    Instant truncated = expiresAt.truncatedTo(ChronoUnit.MILLIS);
    Instant now = clock.instant();
    if (!truncated.isAfter(now)) {
      out.add(new Violation(field, Violation.NOT_IN_FUTURE, "expires-at must be in the future"));
      return null;
    }
    if (truncated.isAfter(LATEST_EXPIRY)) {
      out.add(new Violation(field, Violation.TOO_FAR, "expires-at must be before the year 10000"));
      return null;
    }
    if (maxLifetime != null && truncated.isAfter(now.plus(maxLifetime))) {
      out.add(new Violation(field, Violation.TOO_FAR, "expires-at must be at most " + describe(maxLifetime) + " from now"));
      return null;
    }
    return truncated;
  }

  private void checkName(Object value, boolean present, List<Violation> out) {
    String field = ApikeyRequest.NAME;
    if (!typeOk(field, value, present, out)) {
      return;
    }
    String name = (String) value;
    if (name.isEmpty()) {
      out.add(new Violation(field, Violation.EMPTY, "name must not be empty"));
    } else if (isAllSpace(name)) {
      out.add(new Violation(field, Violation.BLANK, "name must not be blank"));
    } else if (name.codePointCount(0, name.length()) > maxNameLength) {
      out.add(new Violation(field, Violation.TOO_LONG, "name must have at most " + maxNameLength + " characters"));
    } else if (hasInvalidCharacter(name)) {
      out.add(new Violation(field, Violation.INVALID_CHARACTER,
          "name must not contain control, bidirectional-override or unpaired surrogate characters"));
    } else if (isSpace(name.codePointAt(0)) || isSpace(name.codePointBefore(name.length()))) {
      out.add(new Violation(field, Violation.SURROUNDING_WHITESPACE, "name must not start or end with white space"));
    }
  }

  private void checkRole(String tenant, Object value, boolean present, List<Violation> out) {
    String field = ApikeyRequest.ROLE;
    if (!typeOk(field, value, present, out)) {
      return;
    }
    String role = (String) value;
    if (role.isEmpty()) {
      out.add(new Violation(field, Violation.EMPTY, "role must not be empty"));
    } else if (!roles.roleExists(tenant, role)) {
      out.add(new Violation(field, Violation.UNKNOWN_ROLE, "role is not a role of this tenant"));
    }
  }

  private static String describe(Duration d) {
    if (d.toDays() >= 1 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() == 1 ? "1 day" : d.toDays() + " days";
    }
    return d.toMinutes() == 1 ? "1 minute" : d.toMinutes() + " minutes";
  }

  private static boolean typeOk(String field, Object value, boolean present, List<Violation> out) {
    if (!present) {
      out.add(new Violation(field, Violation.MISSING, field + " is required"));
      return false;
    }
    if (value == null) {
      out.add(new Violation(field, Violation.NULL, field + " must not be null"));
      return false;
    }
    if (!(value instanceof String)) {
      out.add(new Violation(field, Violation.WRONG_TYPE, field + " must be a string"));
      return false;
    }
    return true;
  }

  /**
   * Whether every code point is white space. A loop, not {@code codePoints().allMatch}: the stream
   * (a spliterator, a pipeline, a match op) was a tenth of the allocation of a create on the memory
   * store (see BENCHMARKS.md).
   */
  private static boolean isAllSpace(String s) {
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (!isSpace(c)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  /** White space as people see it: Java's white space and Unicode's space separators, NBSP included. */
  private static boolean isSpace(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
  }

  static boolean hasInvalidCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || isBidiControl(c) || c == '\u2028' || c == '\u2029') {
        return true;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBidiControl(char c) {
    return (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f' || c == '\u061c';
  }

  private static String reported(String field) {
    return field.length() <= MAX_REPORTED_FIELD_LENGTH ? field : field.substring(0, MAX_REPORTED_FIELD_LENGTH) + "…";
  }
}
