package dev.apikeys.core;

import java.util.List;

/**
 * The request decoded but breaks the schema: 400 {@code invalid-request}, one violation per field.
 *
 * <p>An answer must not grow with what a client sends: a body of thousands of unknown fields lists
 * only the first {@value #MAX_LISTED_VIOLATIONS} violations, and the message gives how many there
 * were ({@code the request is invalid: 5400 violations; the first 20 are listed}).
 */
public final class InvalidRequestException extends ApikeyException {
  private static final long serialVersionUID = 2L;

  /** The most violations an exception lists; {@link #violationCount()} counts the rest too. */
  public static final int MAX_LISTED_VIOLATIONS = 20;

  @SuppressWarnings("serial") // javac 18+ flags the List type; the value is List.copyOf's, serializable if its elements are
  private final List<Violation> violations;
  private final int violationCount;

  /**
   * Creates the exception for a non-empty list of violations; beyond the first {@value
   * #MAX_LISTED_VIOLATIONS}, they are counted but not kept.
   *
   * @param violations every violation found, at most one per field, in field order
   * @throws IllegalArgumentException if the list is empty
   */
  public InvalidRequestException(List<Violation> violations) {
    this(violations, violations.size());
  }

  /**
   * Creates the exception for a validator that stops collecting violations after the first
   * {@value #MAX_LISTED_VIOLATIONS} and counts the rest.
   *
   * @param first the first violations found, at least one, in field order; beyond the first
   *     {@value #MAX_LISTED_VIOLATIONS}, not kept
   * @param count how many were found in all, at least as many as {@code first} has
   * @throws IllegalArgumentException if {@code first} is empty or longer than {@code count}
   */
  public InvalidRequestException(List<Violation> first, int count) {
    super(ErrorCode.INVALID_REQUEST, message(first, count));
    this.violations = List.copyOf(first.size() <= MAX_LISTED_VIOLATIONS ? first : first.subList(0, MAX_LISTED_VIOLATIONS));
    this.violationCount = count;
  }

  private static String message(List<Violation> first, int count) {
    if (first.isEmpty()) {
      throw new IllegalArgumentException("an invalid request has at least one violation");
    }
    if (count < first.size()) {
      throw new IllegalArgumentException("a count of " + count + " violations, yet " + first.size() + " are given");
    }
    if (count == 1) {
      return "the request is invalid: 1 violation";
    }
    return count <= MAX_LISTED_VIOLATIONS
        ? "the request is invalid: " + count + " violations"
        : "the request is invalid: " + count + " violations; the first " + MAX_LISTED_VIOLATIONS + " are listed";
  }

  /**
   * The violations listed: every one found, or the first {@value #MAX_LISTED_VIOLATIONS}. In field
   * order: the request's own fields ({@code name}, {@code role}, {@code expires-at}, each at most
   * once), then the fields it does not have, in the order of the request (the body's, for the
   * codecs' field maps).
   */
  public List<Violation> violations() {
    return violations;
  }

  /**
   * How many violations were found, listed or not.
   *
   * @return at least the size of {@link #violations()}
   */
  public int violationCount() {
    return violationCount;
  }
}
