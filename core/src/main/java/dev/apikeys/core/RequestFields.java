package dev.apikeys.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A create request as a format decoded it, before the service checks it: what {@link
 * ApikeyService#create(Caller, RequestFields)} takes from a codec, which knows the wire's types
 * (strings, keywords, dates, numbers) while the service knows only these.
 *
 * @param name the {@code name} field
 * @param role the {@code role} field
 * @param expiresAt the {@code expires-at} field; null means no expiry, as absent does
 * @param unknownFields the names of every other field, in the body's order
 */
public record RequestFields(Field<String> name, Field<String> role, Field<Instant> expiresAt, List<String> unknownFields) {
  /** Checks and copies. */
  public RequestFields {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(expiresAt, "expiresAt");
    unknownFields = List.copyOf(unknownFields);
  }

  /**
   * The fields of a typed request, with no other field.
   *
   * @param request the request
   * @return its fields
   */
  public static RequestFields of(ApikeyRequest request) {
    return new RequestFields(
        request.name() == null ? Field.ofNull() : Field.of(request.name()),
        request.role() == null ? Field.ofNull() : Field.of(request.role()),
        request.expiresAt() == null ? Field.absent() : Field.of(request.expiresAt()),
        List.of());
  }
}
