package dev.apikeys.core;

import java.util.List;

/** The request decoded but breaks the schema: 400 {@code invalid-request}, one violation per field. */
public final class InvalidRequestException extends ApikeyException {
  private static final long serialVersionUID = 1L;

  private final List<Violation> violations;

  /**
   * Creates the exception for a non-empty list of violations.
   *
   * @param violations every violation found, at most one per field
   */
  public InvalidRequestException(List<Violation> violations) {
    super(ErrorCode.INVALID_REQUEST, message(violations));
    this.violations = List.copyOf(violations);
  }

  private static String message(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an invalid request has at least one violation");
    }
    return violations.size() == 1
        ? "the request is invalid: 1 violation"
        : "the request is invalid: " + violations.size() + " violations";
  }

  /** Every violation found, in field order: {@code name}, {@code role}, then unknown fields. */
  public List<Violation> violations() {
    return violations;
  }
}
