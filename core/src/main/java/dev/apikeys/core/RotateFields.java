package dev.apikeys.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A rotate request as a format decoded it, before the service checks it: what {@link
 * ApikeyService#rotate(Caller, String, RotateFields)} takes from a codec. Both fields are optional.
 *
 * @param graceSeconds the {@code grace-seconds} field, a whole number; absent or null means 0
 * @param expiresAt the {@code expires-at} field; absent or null means no expiry
 * @param unknownFields the names of every other field, in the body's order
 */
public record RotateFields(Field<Long> graceSeconds, Field<Instant> expiresAt, List<String> unknownFields) {
  /** Checks and copies. */
  public RotateFields {
    Objects.requireNonNull(graceSeconds, "graceSeconds");
    Objects.requireNonNull(expiresAt, "expiresAt");
    unknownFields = List.copyOf(unknownFields);
  }

  /** The fields of an empty body: the defaults. */
  public static RotateFields empty() {
    return new RotateFields(Field.absent(), Field.absent(), List.of());
  }
}
