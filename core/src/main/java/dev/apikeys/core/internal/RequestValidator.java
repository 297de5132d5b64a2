package dev.apikeys.core.internal;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.Field;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.RequestFields;
import dev.apikeys.core.RotateFields;
import dev.apikeys.core.RotateRequest;
import dev.apikeys.core.Violation;
import dev.apikeys.core.spi.RolePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
    return validate(tenant, RequestFields.of(request));
  }

  /**
   * Validates the fields a decoder made of a body: presence, what the decoder refused, unknown
   * fields, then content. The request's own fields are reported first, then unknown ones in the
   * body's order; past the first {@value InvalidRequestException#MAX_LISTED_VIOLATIONS}, only
   * counted.
   */
  public ApikeyRequest validate(String tenant, RequestFields fields) {
    List<Violation> violations = new ArrayList<>(2);
    String name = checkName(fields.name(), violations);
    String role = checkRole(tenant, fields.role(), violations);
    Instant expiresAt = expiry(fields.expiresAt(), violations);
    refuseAny(violations, fields.unknownFields());
    return new ApikeyRequest(name, role, expiresAt);
  }

  /**
   * Validates the fields of a rotation: {@code grace-seconds} (0 when absent or null) and the new
   * key's {@code expires-at}, as a create's, then unknown fields.
   */
  public RotateRequest validate(RotateFields fields) {
    List<Violation> violations = new ArrayList<>(1);
    long grace = 0;
    if (fields.graceSeconds() instanceof Field.Value<Long> value) {
      grace = value.value();
      if (grace < 0 || grace > RotateRequest.MAX_GRACE.toSeconds()) {
        violations.add(new Violation(RotateRequest.GRACE_SECONDS, Violation.OUT_OF_RANGE,
            "grace-seconds must be a whole number from 0 to " + RotateRequest.MAX_GRACE.toSeconds()));
      }
    } else if (fields.graceSeconds() instanceof Field.Refused<Long> refused) {
      violations.add(new Violation(RotateRequest.GRACE_SECONDS, refused.code(), refused.message()));
    }
    Instant expiresAt = expiry(fields.expiresAt(), violations);
    refuseAny(violations, fields.unknownFields());
    return new RotateRequest(Duration.ofSeconds(grace), expiresAt);
  }

  /** Validates a typed rotation: a grace period from 0 to seven days, and the new key's expiry. */
  public RotateRequest validate(RotateRequest request) {
    List<Violation> violations = new ArrayList<>(1);
    if (request.grace().isNegative() || request.grace().compareTo(RotateRequest.MAX_GRACE) > 0) {
      violations.add(new Violation(RotateRequest.GRACE_SECONDS, Violation.OUT_OF_RANGE,
          "the grace period must be from 0 to " + describe(RotateRequest.MAX_GRACE)));
    }
    Instant expiresAt = expiry(request.expiresAt() == null ? Field.absent() : Field.of(request.expiresAt()), violations);
    refuseAny(violations, List.of());
    return new RotateRequest(request.grace(), expiresAt);
  }

  private @Nullable Instant expiry(Field<Instant> field, List<Violation> violations) {
    if (field instanceof Field.Value<Instant> value) {
      return checkExpiry(value.value(), violations);
    }
    if (field instanceof Field.Refused<Instant> refused) {
      violations.add(new Violation(ApikeyRequest.EXPIRES_AT, refused.code(), refused.message()));
    }
    return null;
  }

  /** Throws if there are violations or unknown fields: the known ones first, then the unknown ones in order. */
  private static void refuseAny(List<Violation> violations, List<String> unknownFields) {
    int count = violations.size() + unknownFields.size();
    for (String unknown : unknownFields) {
      if (violations.size() == InvalidRequestException.MAX_LISTED_VIOLATIONS) {
        break;
      }
      violations.add(new Violation(reported(unknown), Violation.UNKNOWN_FIELD, "the request has no such field"));
    }
    if (count > 0) {
      throw new InvalidRequestException(violations, count);
    }
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

  private String checkName(Field<String> value, List<Violation> out) {
    String field = ApikeyRequest.NAME;
    String name = present(field, value, out);
    if (name == null) {
      return null;
    }
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
    return name;
  }

  private String checkRole(String tenant, Field<String> value, List<Violation> out) {
    String field = ApikeyRequest.ROLE;
    String role = present(field, value, out);
    if (role == null) {
      return null;
    }
    if (role.isEmpty()) {
      out.add(new Violation(field, Violation.EMPTY, "role must not be empty"));
    } else if (!roles.roleExists(tenant, role)) {
      out.add(new Violation(field, Violation.UNKNOWN_ROLE, "role is not a role of this tenant"));
    }
    return role;
  }

  private static String describe(Duration d) {
    if (d.toDays() >= 1 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() == 1 ? "1 day" : d.toDays() + " days";
    }
    return d.toMinutes() == 1 ? "1 minute" : d.toMinutes() + " minutes";
  }

  /** The value of a required field, or null after reporting why there is none. */
  private static String present(String field, Field<String> value, List<Violation> out) {
    if (value instanceof Field.Value<String> present) {
      return present.value();
    }
    if (value instanceof Field.Refused<String> refused) {
      out.add(new Violation(field, refused.code(), refused.message()));
    } else if (value instanceof Field.Null) {
      out.add(new Violation(field, Violation.NULL, field + " must not be null"));
    } else {
      out.add(new Violation(field, Violation.MISSING, field + " is required"));
    }
    return null;
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
