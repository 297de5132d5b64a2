package dev.apikeys.codecs.internal;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.Field;
import dev.apikeys.core.RequestFields;
import dev.apikeys.core.RotateFields;
import dev.apikeys.core.RotateRequest;
import dev.apikeys.core.Violation;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Turns the field map a codec decoded into the service's typed {@link RequestFields}: the wire's
 * types end here. A string is a string; an instant comes as an RFC 3339 string with an offset (JSON)
 * or as the format's own timestamp ({@code #inst}, transit's {@code ~m} and {@code ~t}, decoded to
 * {@link Date}); anything else where a string or an instant belongs is refused as {@value
 * Violation#WRONG_TYPE}.
 */
public final class RequestReader {
  /** Longer than any RFC 3339 timestamp: not parsed at all. */
  private static final int MAX_TIMESTAMP_LENGTH = 64;

  private RequestReader() {}

  /** The typed fields of a decoded body. */
  public static RequestFields read(Map<String, ?> fields) {
    List<String> unknown = List.of();
    if (fields.size() > known(fields)) {
      unknown = new ArrayList<>(fields.size());
      for (String field : fields.keySet()) {
        if (!field.equals(ApikeyRequest.NAME) && !field.equals(ApikeyRequest.ROLE) && !field.equals(ApikeyRequest.EXPIRES_AT)) {
          unknown.add(field);
        }
      }
    }
    return new RequestFields(text(fields, ApikeyRequest.NAME), text(fields, ApikeyRequest.ROLE), instant(fields), unknown);
  }

  /** The typed fields of a decoded rotate body: {@code grace-seconds} and {@code expires-at}. */
  public static RotateFields rotation(Map<String, ?> fields) {
    List<String> unknown = new ArrayList<>(0);
    for (String field : fields.keySet()) {
      if (!field.equals(RotateRequest.GRACE_SECONDS) && !field.equals(RotateRequest.EXPIRES_AT)) {
        unknown.add(field);
      }
    }
    return new RotateFields(wholeNumber(fields, RotateRequest.GRACE_SECONDS), instant(fields), unknown);
  }

  /**
   * A whole number in any format's integer type; absent or null is absent. A fraction, even a whole
   * one such as {@code 60.0}, a string or any other type is {@value Violation#WRONG_TYPE}; an
   * integer beyond a {@code long} is {@value Violation#OUT_OF_RANGE}.
   */
  private static Field<Long> wholeNumber(Map<String, ?> fields, String field) {
    Object value = fields.get(field);
    String rule = field + " must be a whole number from 0 to " + RotateRequest.MAX_GRACE.toSeconds();
    if (value == null) {
      return Field.absent();
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return Field.of(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < Long.SIZE ? Field.of(big.longValue()) : Field.refused(Violation.OUT_OF_RANGE, rule);
    }
    return Field.refused(Violation.WRONG_TYPE, rule);
  }

  private static int known(Map<String, ?> fields) {
    return (fields.containsKey(ApikeyRequest.NAME) ? 1 : 0) + (fields.containsKey(ApikeyRequest.ROLE) ? 1 : 0)
        + (fields.containsKey(ApikeyRequest.EXPIRES_AT) ? 1 : 0);
  }

  private static Field<String> text(Map<String, ?> fields, String field) {
    if (!fields.containsKey(field)) {
      return Field.absent();
    }
    Object value = fields.get(field);
    if (value == null) {
      return Field.ofNull();
    }
    return value instanceof String text ? Field.of(text) : Field.refused(Violation.WRONG_TYPE, field + " must be a string");
  }

  /** {@code expires-at}: absent or null for never. */
  private static Field<Instant> instant(Map<String, ?> fields) {
    Object value = fields.get(ApikeyRequest.EXPIRES_AT);
    if (value == null) {
      return Field.absent();
    }
    if (value instanceof Date date) {
      return Field.of(date.toInstant());
    }
    if (value instanceof Instant instant) {
      return Field.of(instant);
    }
    if (!(value instanceof String text)) {
      return Field.refused(Violation.WRONG_TYPE, "expires-at must be an RFC 3339 timestamp such as 2027-01-31T00:00:00Z");
    }
    if (text.length() <= MAX_TIMESTAMP_LENGTH) {
      try {
        return Field.of(OffsetDateTime.parse(text).toInstant());
      } catch (DateTimeParseException e) {
        // refused below
      }
    }
    return Field.refused(Violation.INVALID_TIMESTAMP, "expires-at must be an RFC 3339 timestamp with an offset, such as 2027-01-31T00:00:00Z");
  }
}
