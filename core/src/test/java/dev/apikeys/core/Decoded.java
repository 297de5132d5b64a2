package dev.apikeys.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fields as a codec hands them to the service, made from a map for these tests: strings are
 * values, an {@link Instant} is the expiry's value, anything else is refused as a codec refuses a
 * value of another type. The codecs' own reader, with the wire's types, is tested in the codecs.
 */
final class Decoded {
  private Decoded() {}

  static RequestFields fields(Map<String, ?> map) {
    List<String> unknown = new ArrayList<>();
    for (String field : map.keySet()) {
      if (!field.equals(ApikeyRequest.NAME) && !field.equals(ApikeyRequest.ROLE) && !field.equals(ApikeyRequest.EXPIRES_AT)) {
        unknown.add(field);
      }
    }
    Object expiry = map.get(ApikeyRequest.EXPIRES_AT);
    Field<Instant> expiresAt = expiry == null ? Field.absent()
        : expiry instanceof Instant instant ? Field.of(instant)
        : Field.refused(Violation.WRONG_TYPE, "expires-at must be an RFC 3339 timestamp");
    return new RequestFields(text(map, ApikeyRequest.NAME), text(map, ApikeyRequest.ROLE), expiresAt, unknown);
  }

  private static Field<String> text(Map<String, ?> map, String field) {
    if (!map.containsKey(field)) {
      return Field.absent();
    }
    Object value = map.get(field);
    return value == null ? Field.ofNull()
        : value instanceof String text ? Field.of(text) : Field.refused(Violation.WRONG_TYPE, field + " must be a string");
  }
}
