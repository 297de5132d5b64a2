package dev.apikeys.core;

/**
 * A request to create an API key: the spec's {@code ApikeySchema}.
 *
 * <p>Constructing one checks nothing; {@link ApikeyService#create(Caller, ApikeyRequest)} validates
 * it and reports every violation at once. Decoders that start from an untyped map use {@link
 * ApikeyService#createFromFields(Caller, java.util.Map)} instead, which also reports missing, extra
 * and mistyped fields.
 *
 * @param name the key's name, unique within the tenant
 * @param role the role the new key will have
 */
public record ApikeyRequest(String name, String role) {
  /** The wire name of the {@code name} field. */
  public static final String NAME = "name";
  /** The wire name of the {@code role} field. */
  public static final String ROLE = "role";
}
