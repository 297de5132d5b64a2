package dev.apikeys.core;

/**
 * The stable error codes of the API, each with the HTTP status it maps to.
 *
 * <p>The codes are part of the wire contract: they appear as the {@code error} field of every error
 * body and never change meaning. The status is a plain {@code int} so that this library needs no
 * HTTP dependency.
 */
public enum ErrorCode {
  /** The body does not decode in its media type. */
  MALFORMED_BODY("malformed-body", 400),
  /** The body decodes but breaks the request schema; see {@link InvalidRequestException#violations()}. */
  INVALID_REQUEST("invalid-request", 400),
  /** The caller could not be authenticated, whatever the reason. */
  UNAUTHENTICATED("unauthenticated", 401),
  /** The caller is authenticated but may not do this. */
  FORBIDDEN("forbidden", 403),
  /** No operation at this path, or no key of that name in the tenant. */
  NOT_FOUND("not-found", 404),
  /** The path exists but not with this method. */
  METHOD_NOT_ALLOWED("method-not-allowed", 405),
  /** No media type of the Accept header can be produced. */
  NOT_ACCEPTABLE("not-acceptable", 406),
  /** The name is already used in the tenant. */
  NAME_TAKEN("name-taken", 409),
  /** Revoking this key would leave the tenant with no key able to administer it. */
  LAST_ADMINISTRATOR("last-administrator", 409),
  /** The body is larger than the configured limit. */
  BODY_TOO_LARGE("body-too-large", 413),
  /** The Content-Type is missing, unsupported, or has a charset other than UTF-8. */
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415),
  /** Something unexpected failed; the details are never sent to the client. */
  INTERNAL("internal", 500),
  /** The operation exists, but this server's key store cannot do it (a store without rotation). */
  NOT_IMPLEMENTED("not-implemented", 501),
  /** The key store is unreachable or failing; nothing was written. */
  STORAGE_UNAVAILABLE("storage-unavailable", 503);

  private final String code;
  private final int status;

  ErrorCode(String code, int status) {
    this.code = code;
    this.status = status;
  }

  /** The code as it appears on the wire, e.g. {@code "name-taken"}. */
  public String code() {
    return code;
  }

  /** The HTTP status this code maps to, e.g. {@code 409}. */
  public int status() {
    return status;
  }
}
