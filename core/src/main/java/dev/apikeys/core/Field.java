package dev.apikeys.core;

import java.util.Objects;

/**
 * One field of a request as a format decoded it, before the service checks it: absent, null,
 * refused by the decoder (a value of another type, a timestamp that does not parse), or a value of
 * the field's type. A decoder reports what only it can see; the service reports the rest.
 *
 * @param <T> the field's type
 */
public sealed interface Field<T> permits Field.Absent, Field.Null, Field.Refused, Field.Value {
  /** The request has no such field. */
  record Absent<T>() implements Field<T> {}

  /** The field is there with no value: JSON's {@code null}, EDN's {@code nil}. */
  record Null<T>() implements Field<T> {}

  /**
   * The decoder could not make a value of the field's type of what was sent.
   *
   * @param code the violation's code, e.g. {@value Violation#WRONG_TYPE} or {@value
   *     Violation#INVALID_TIMESTAMP}
   * @param message for people; never the value sent
   */
  record Refused<T>(String code, String message) implements Field<T> {
    /** Checks. */
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A value of the field's type.
   *
   * @param value the value, never null
   */
  record Value<T>(T value) implements Field<T> {
    /** Checks. */
    public Value {
      Objects.requireNonNull(value, "value");
    }

    /** Never shows the value: a key pasted into a field must not reach a log. */
    @Override
    public String toString() {
      return "Value[…]";
    }
  }

  /**
   * The field is absent.
   *
   * @param <T> the field's type
   * @return the field
   */
  static <T> Field<T> absent() {
    return new Absent<>();
  }

  /**
   * The field is null.
   *
   * @param <T> the field's type
   * @return the field
   */
  static <T> Field<T> ofNull() {
    return new Null<>();
  }

  /**
   * A value.
   *
   * @param value the value
   * @param <T> the field's type
   * @return the field
   */
  static <T> Field<T> of(T value) {
    return new Value<>(value);
  }

  /**
   * What the decoder refused.
   *
   * @param code the violation's code
   * @param message for people
   * @param <T> the field's type
   * @return the field
   */
  static <T> Field<T> refused(String code, String message) {
    return new Refused<>(code, message);
  }
}
