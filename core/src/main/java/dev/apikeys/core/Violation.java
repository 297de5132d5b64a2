package dev.apikeys.core;

import java.util.Objects;

/**
 * One reason a request is invalid.
 *
 * @param field the request field it concerns, e.g. {@code "name"}
 * @param code a stable machine-readable code, one of the constants of this record
 * @param message an explanation for people; never echoes the submitted value
 */
public record Violation(String field, String code, String message) {
  /** A required field is absent. */
  public static final String MISSING = "missing";
  /** A field is present with a null value. */
  public static final String NULL = "null";
  /** A field has a value of the wrong type, e.g. a number or a keyword where a string belongs. */
  public static final String WRONG_TYPE = "wrong-type";
  /** A field that the schema does not have. */
  public static final String UNKNOWN_FIELD = "unknown-field";
  /** An empty string. */
  public static final String EMPTY = "empty";
  /** A string of white space only. */
  public static final String BLANK = "blank";
  /** A string longer than allowed. */
  public static final String TOO_LONG = "too-long";
  /** A string with white space at its start or end. */
  public static final String SURROUNDING_WHITESPACE = "surrounding-whitespace";
  /** A string with a control, bidirectional-override or unpaired surrogate character. */
  public static final String INVALID_CHARACTER = "invalid-character";
  /** A timestamp that does not parse, or has no offset. */
  public static final String INVALID_TIMESTAMP = "invalid-timestamp";
  /** An expiry that is not in the future. */
  public static final String NOT_IN_FUTURE = "not-in-future";
  /** An expiry further away than the host allows. */
  public static final String TOO_FAR = "too-far";
  /** A field this deployment does not support, e.g. an expiry where the host turned expiry off. */
  public static final String NOT_SUPPORTED = "not-supported";
  /** Text in a request target that is not percent-encoded UTF-8 (a query parameter or a name in a path). */
  public static final String INVALID_ENCODING = "invalid-encoding";
  /** A number outside its allowed range, e.g. a page limit. */
  public static final String OUT_OF_RANGE = "out-of-range";
  /** A role that does not exist in the tenant. */
  public static final String UNKNOWN_ROLE = "unknown-role";

  /** Checks that all parts are present. */
  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
