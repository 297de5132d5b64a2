package dev.apikeys.codecs;

import dev.apikeys.codecs.internal.RequestReader;
import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.RotateFields;
import dev.apikeys.core.RotatedApikey;
import dev.apikeys.core.Violation;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The API-key operations without HTTP: the host hands in method, target, headers and body and sends
 * back the status, Content-Type, body and Allow header it gets.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code POST /api/v1/apikeys} with {@code name}, {@code role}, optional {@code
 *       expires-at}</td><td>200, the created key: {@code role}, {@code name}, {@code key}, {@code
 *       created-by}</td></tr>
 *   <tr><td>{@code GET /api/v1/apikeys?limit=100&after=…}</td><td>200, a page of the caller's
 *       tenant's keys by name: {@code keys}, and {@code next} unless it is the last page</td></tr>
 *   <tr><td>{@code DELETE /api/v1/apikeys/{name}}</td><td>200, {@code name} and {@code revoked}
 *       ({@code true})</td></tr>
 *   <tr><td>{@code POST /api/v1/apikeys/{name}/rotate}, optionally with {@code grace-seconds} (0
 *       to 604800, default 0) and {@code expires-at} for the new key</td><td>200, the new key:
 *       {@code role}, {@code name}, {@code key}, {@code created-by}, {@code
 *       previous-key-expires-at}</td></tr>
 * </table>
 *
 * <pre>{@code
 * ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(service).build();
 * EndpointResponse response = endpoint.handle(
 *     EndpointRequest.of("POST", "/api/v1/apikeys", Headers.of(headerMap), bodyBytes));
 * }</pre>
 *
 * <h2>Order of checks</h2>
 *
 * Header checks come first, cheapest first, and a create's body is read only for an authenticated
 * caller who sent a media type it can be decoded in:
 *
 * <ol>
 *   <li>a path other than {@value #PATH}, {@value #PATH}{@code /{name}} and {@value
 *       #PATH}{@code /{name}/rotate} → 404 {@code not-found}; a method the path does not allow →
 *       405 {@code method-not-allowed}, with {@link EndpointResponse#allow()} {@code GET, HEAD,
 *       POST}, {@code DELETE} or {@code POST};
 *   <li>Accept lists nothing this endpoint writes → 406 {@code not-acceptable}, in the default
 *       format;
 *   <li>{@value #TENANT_HEADER} and {@value #API_KEY_HEADER} do not authenticate → 401 {@code
 *       unauthenticated}, the same bytes for every reason;
 *   <li>for a create: Content-Type missing, unsupported, or not UTF-8 → 415 {@code
 *       unsupported-media-type}; Content-Length, or the body as read, over the limit → 413 {@code
 *       body-too-large}; the body does not decode → 400 {@code malformed-body};
 *       <br>for a list: the query is wrong → 400 {@code invalid-request} (see below);
 *       <br>for a revoke or a rotate: the name is not percent-encoded UTF-8, has a control
 *       character or more than 128 characters → 400 {@code invalid-request};
 *       <br>for a rotate, then: Content-Length, or the body as read, over the limit → 413; a body
 *       that is not empty with a Content-Type missing or unsupported → 415; the body does not
 *       decode → 400 {@code malformed-body}. No body, or an empty one, takes the defaults,
 *       whatever its Content-Type;
 *   <li>the service refuses: 400 {@code invalid-request}, 403 {@code forbidden}, 404 {@code
 *       not-found} (no key of that name), 409 {@code name-taken} or {@code last-administrator},
 *       501 {@code not-implemented} (a rotate, on a store that cannot rotate), 503 {@code
 *       storage-unavailable};
 *   <li>200.
 * </ol>
 *
 * A list and a revoke ignore Content-Type and never read a body; a create, a revoke and a rotate
 * ignore a query. The query of a list has {@code limit}, 1 to 1000 (default {@value #DEFAULT_LIMIT}), and
 * {@code after}, the {@code next} of the previous page; both are percent-decoded as UTF-8, with
 * {@code +} as a space. Any other parameter, a parameter given twice, or a wrong value is one
 * violation on that parameter: {@code empty}, {@code wrong-type}, {@value #OUT_OF_RANGE}, {@value
 * #INVALID_ENCODING}, {@code invalid-character}, {@code too-long}, {@code unknown-field}. In a
 * path, {@code +} is itself and a name's {@code /} is {@code %2F}.
 *
 * <p>A rotate's {@code grace-seconds} is a whole number in the format's integer type (not a
 * string, not {@code 60.0}); null is 0, as absent is. A create's or a rotate's {@code
 * expires-at} is an RFC 3339 string in any format, or the format's own timestamp ({@code #inst}, transit's {@code ~m} or {@code ~t}); the service refuses one after
 * the year 9999 as {@code too-far}, since only four-digit years can be written back in a listing
 * in every format.
 *
 * <p>{@code HEAD} on {@value #PATH} is answered as {@code GET} is, without a body; so is any
 * refusal of a {@code HEAD} request. Every 401 carries a {@code WWW-Authenticate} challenge in
 * {@link EndpointResponse#headers()}.
 *
 * <p>Error bodies are in the format the Accept header chose, or the default format where it chose
 * none (404, 405 and 406 included). Any other failure is 500 {@code internal} with a fixed
 * message: no stack trace, no exception message, no secret. The error listener, if any, sees
 * every 500 and 503 with its exception, for the host's logs. Errors ({@code OutOfMemoryError} and
 * the like) are not caught.
 *
 * <p>Thread-safe; build one per application.
 */
public final class ApikeyEndpoint {
  /** The collection's path; a key's is this, {@code /} and its name. */
  public static final String PATH = "/api/v1/apikeys";
  /** The header with the caller's API key. */
  public static final String API_KEY_HEADER = "x-bytebeam-api-key";
  /** The header with the caller's tenant (project). */
  public static final String TENANT_HEADER = "x-bytebeam-tenant";
  /** The default limit of a request body: 64 KiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  /** The page size of a list without {@code limit}. */
  public static final int DEFAULT_LIMIT = 100;
  /** The violation code of a query parameter or name that is not percent-encoded UTF-8. */
  public static final String INVALID_ENCODING = Violation.INVALID_ENCODING;
  /** The violation code of a {@code limit} that is a whole number outside 1 to 1000. */
  public static final String OUT_OF_RANGE = Violation.OUT_OF_RANGE;


  private final ApikeyService service;
  private final Negotiation negotiation;
  private final int maxBodyBytes;
  private final ApikeyException bodyTooLarge;
  private final Answers answers;
  private final ApikeyGuard guard;

  private ApikeyEndpoint(Builder b, ApikeyService service) {
    this.service = service;
    this.negotiation = b.negotiation != null ? b.negotiation : Negotiation.standard();
    this.maxBodyBytes = b.maxBodyBytes != null ? b.maxBodyBytes : DEFAULT_MAX_BODY_BYTES;
    this.bodyTooLarge = new ApikeyException(ErrorCode.BODY_TOO_LARGE, "the body must not exceed " + maxBodyBytes + " bytes");
    this.answers = new Answers(b.errorListener != null ? b.errorListener : t -> { });
    this.guard = new ApikeyGuard(service, negotiation, answers);
  }

  /** A builder; only the service is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Handles one request. Never throws for anything a client sends; see the class comment for the
   * order of checks.
   *
   * @param request the request
   * @return the response to send
   */
  public EndpointResponse handle(EndpointRequest request) {
    Objects.requireNonNull(request, "request");
    EndpointResponse response = answer(request);
    return "HEAD".equals(request.method()) ? response.withoutBody() : response;
  }

  /** Every refusal is thrown, and answered in one place: the catch below. */
  private EndpointResponse answer(EndpointRequest request) {
    Codec responseCodec = negotiation.defaultCodec();
    try {
      Headers headers = request.headers();
      Optional<Codec> accepted = negotiation.forAccept(headers.get("accept"));
      responseCodec = accepted.orElse(responseCodec);
      RequestTarget target = RequestTarget.parse(request.path());
      if (target == null) {
        throw new ApikeyException(ErrorCode.NOT_FOUND, "there is no operation at this path");
      }
      RequestTarget.Operation operation = target.route.operation(request.method());
      if (accepted.isEmpty()) {
        throw new ApikeyException(ErrorCode.NOT_ACCEPTABLE, "Accept lists none of application/json,"
            + " application/transit+json, application/transit+msgpack, application/edn");
      }
      Caller caller = service.authenticate(headers.get(TENANT_HEADER), headers.get(API_KEY_HEADER));
      Codec codec = responseCodec;
      return switch (operation) {
        case CREATE -> create(caller, request, codec);
        case LIST -> list(caller, target, codec);
        case REVOKE -> revoke(caller, target, codec);
        case ROTATE -> rotate(caller, request, target, codec);
      };
    } catch (RuntimeException e) {
      return answers.failure(responseCodec, e);
    }
  }

  /**
   * The guard of a host's own routes that answers as this endpoint does: the same default format,
   * the same error encoding, the same error listener.
   *
   * @return the guard; one per endpoint
   */
  public ApikeyGuard guard() {
    return guard;
  }

  private EndpointResponse create(Caller caller, EndpointRequest request, Codec responseCodec) {
    Codec requestCodec = negotiation.forContentType(request.headers().get("content-type"))
        .orElseThrow(ApikeyEndpoint::unsupportedMediaType);
    byte[] body = readBody(request);
    CreatedApikey created = service.create(caller, RequestReader.read(requestCodec.decode(body)));
    return new EndpointResponse(200, responseCodec.contentType(), responseCodec.encode(created));
  }

  /**
   * A rotation's body is optional: none, or an empty one, takes the defaults whatever its
   * Content-Type; any other needs one of the four media types.
   */
  private EndpointResponse rotate(Caller caller, EndpointRequest request, RequestTarget target, Codec responseCodec) {
    String name = target.name();
    byte[] body = readBody(request);
    RotateFields fields = body.length == 0 ? RotateFields.empty() : RequestReader.rotation(
        negotiation.forContentType(request.headers().get("content-type")).orElseThrow(ApikeyEndpoint::unsupportedMediaType)
            .decode(body));
    RotatedApikey rotated = service.rotate(caller, name, fields);
    return new EndpointResponse(200, responseCodec.contentType(), responseCodec.encode(rotated));
  }

  private static ApikeyException unsupportedMediaType() {
    return new ApikeyException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be one of"
        + " application/json, application/transit+json, application/transit+msgpack, application/edn,"
        + " with no charset but utf-8");
  }

  private EndpointResponse list(Caller caller, RequestTarget target, Codec responseCodec) {
    RequestTarget.ListQuery query = target.listQuery(DEFAULT_LIMIT);
    ApikeyPage page = service.list(caller, query.after(), query.limit());
    return new EndpointResponse(200, responseCodec.contentType(), responseCodec.encode(page));
  }

  private EndpointResponse revoke(Caller caller, RequestTarget target, Codec responseCodec) {
    String name = target.name();
    service.revoke(caller, name);
    return new EndpointResponse(200, responseCodec.contentType(), responseCodec.encodeRevoked(name));
  }

  /** The whole body, refused with 413 when its declared length or the bytes read pass the limit. */
  private byte[] readBody(EndpointRequest request) {
    if (declaredLength(request.headers().get("content-length")) > maxBodyBytes) {
      throw bodyTooLarge;
    }
    byte[] body;
    try {
      body = request.body(maxBodyBytes);
    } catch (IOException e) {
      throw new MalformedBodyException("the body could not be read");
    }
    if (body == null) {
      throw bodyTooLarge;
    }
    return body;
  }

  /** The Content-Length, or -1 if absent or not a plain number (the body is measured as read anyway). */
  private static long declaredLength(@Nullable String contentLength) {
    if (contentLength == null || contentLength.isEmpty() || contentLength.length() > 18
        || !contentLength.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    return Long.parseLong(contentLength);
  }

  @Override
  public String toString() {
    return "ApikeyEndpoint[" + service + ", " + negotiation + ", maxBodyBytes=" + maxBodyBytes + "]";
  }

  /** Builds an {@link ApikeyEndpoint}; each option may be set once. */
  public static final class Builder {
    private @Nullable ApikeyService service;
    private @Nullable Negotiation negotiation;
    private @Nullable Integer maxBodyBytes;
    private @Nullable Consumer<? super Throwable> errorListener;

    private Builder() {}

    /**
     * The service that authenticates callers and creates keys. Required.
     *
     * @param service the service
     * @return this builder
     */
    public Builder service(ApikeyService service) {
      this.service = once(this.service, service, "service");
      return this;
    }

    /**
     * The format of responses when Accept is absent or accepts anything, and of every error when
     * it accepts nothing: {@link MediaType#APPLICATION_JSON} unless set.
     *
     * @param mediaType one of the four media types
     * @return this builder
     * @throws IllegalArgumentException if no codec has this media type
     */
    public Builder defaultMediaType(MediaType mediaType) {
      Objects.requireNonNull(mediaType, "defaultMediaType");
      this.negotiation = once(this.negotiation, Negotiation.withDefault(mediaType), "defaultMediaType");
      return this;
    }

    /**
     * The largest request body accepted, in bytes: {@value ApikeyEndpoint#DEFAULT_MAX_BODY_BYTES}
     * unless set. Larger bodies are refused before they are parsed, and never read past this
     * limit plus one byte.
     *
     * @param maxBodyBytes the limit, 1 to 16 MiB
     * @return this builder
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1 || maxBodyBytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be 1 to 16 MiB: " + maxBodyBytes);
      }
      this.maxBodyBytes = once(this.maxBodyBytes, maxBodyBytes, "maxBodyBytes");
      return this;
    }

    /**
     * Where 500 and 503 failures go, with their exception, for the host's logs; nowhere unless
     * set. Called on the request's thread; what it throws is ignored.
     *
     * @param errorListener the listener
     * @return this builder
     */
    public Builder errorListener(Consumer<? super Throwable> errorListener) {
      this.errorListener = once(this.errorListener, errorListener, "errorListener");
      return this;
    }

    /**
     * Builds the endpoint.
     *
     * @return the endpoint
     * @throws IllegalStateException if no service was set
     */
    public ApikeyEndpoint build() {
      ApikeyService service = this.service;
      if (service == null) {
        throw new IllegalStateException("an ApikeyEndpoint needs a service: call service(...)");
      }
      return new ApikeyEndpoint(this, service);
    }

    private static <T> T once(@Nullable T current, T value, String option) {
      Objects.requireNonNull(value, option);
      if (current != null) {
        throw new IllegalStateException(option + " is already set");
      }
      return value;
    }
  }
}
