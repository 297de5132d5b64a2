package dev.apikeys.core;

/** A key with this name already exists in the tenant: 409 {@code name-taken}. */
public final class NameTakenException extends ApikeyException {
  private static final long serialVersionUID = 1L;

  private final String name;

  /**
   * Creates the exception.
   *
   * @param name the name that is taken
   */
  public NameTakenException(String name) {
    super(ErrorCode.NAME_TAKEN, "an API key with this name already exists in the tenant");
    this.name = name;
  }

  /** The name that is taken. */
  public String name() {
    return name;
  }
}
