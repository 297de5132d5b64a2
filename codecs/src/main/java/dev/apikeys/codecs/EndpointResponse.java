package dev.apikeys.codecs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host sends back: the status, {@link #headers() the headers} and the body. Every response
 * but one to a {@code HEAD} request has a body in the negotiated format: the created key, a page of
 * keys, the revoked key's name, or an error.
 *
 * <p>An adapter copies {@link #headers()} whole, so that it never forgets one:
 *
 * <pre>{@code
 * response.headers().forEach(exchange.getResponseHeaders()::set);
 * byte[] body = response.body(); // empty for HEAD
 * exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
 * }</pre>
 *
 * @param status the HTTP status, e.g. {@code 200}
 * @param contentType the Content-Type header value, e.g. {@code application/json; charset=utf-8}
 * @param body the body; copied in and out, as it may hold a new key
 * @param allow the Allow header's value, e.g. {@code GET, HEAD, POST}: present for a 405, whose path
 *     allows these methods, and empty for any other status
 */
@SuppressWarnings("ArrayRecordComponent") // body is copied in and out, and equals, hashCode and toString are written for it
public record EndpointResponse(int status, String contentType, byte[] body, Optional<String> allow) {
  /**
   * The challenge of every 401 (RFC 9110, section 11.6.1): the scheme {@code ApiKey}, naming the
   * two headers that authenticate a caller.
   */
  public static final String CHALLENGE =
      "ApiKey realm=\"apikeys\", key-header=\"x-bytebeam-api-key\", tenant-header=\"x-bytebeam-tenant\"";

  /** Checks and copies. */
  public EndpointResponse {
    Objects.requireNonNull(contentType, "contentType");
    body = Objects.requireNonNull(body, "body").clone();
    Objects.requireNonNull(allow, "allow");
  }

  /**
   * A response without an Allow header.
   *
   * @param status the HTTP status
   * @param contentType the Content-Type header value
   * @param body the body; copied
   */
  public EndpointResponse(int status, String contentType, byte[] body) {
    this(status, contentType, body, Optional.empty());
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * The Allow header a 405 must carry: {@code GET, HEAD, POST} for {@code /api/v1/apikeys}, {@code
   * DELETE} for {@code /api/v1/apikeys/{name}}; empty for any other status.
   */
  @Override
  public Optional<String> allow() {
    return allow;
  }

  /**
   * Every header the host must send with this response, by name, in the order to send them:
   * {@code Content-Type}; {@code Cache-Control: no-store}, since an answer may hold a new key; for a
   * 405, {@code Allow}; for a 401, {@code WWW-Authenticate} with {@link #CHALLENGE}.
   *
   * @return the headers; unmodifiable
   */
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>(4);
    headers.put("Content-Type", contentType);
    headers.put("Cache-Control", "no-store");
    allow.ifPresent(methods -> headers.put("Allow", methods));
    if (status == 401) {
      headers.put("WWW-Authenticate", CHALLENGE);
    }
    return java.util.Collections.unmodifiableMap(headers);
  }

  /** This response without its body: the answer to a {@code HEAD} request. */
  EndpointResponse withoutBody() {
    return new EndpointResponse(status, contentType, new byte[0], allow);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointResponse other
        && status == other.status
        && contentType.equals(other.contentType)
        && Arrays.equals(body, other.body)
        && allow.equals(other.allow);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, contentType, Arrays.hashCode(body), allow);
  }

  /** Status, content type, body length and Allow; never the body, which may hold a new key. */
  @Override
  public String toString() {
    return "EndpointResponse[status=" + status + ", contentType=" + contentType + ", body=" + body.length + " bytes"
        + allow.map(a -> ", allow=" + a).orElse("") + "]";
  }
}
