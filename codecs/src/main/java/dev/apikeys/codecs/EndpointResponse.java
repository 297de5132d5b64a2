package dev.apikeys.codecs;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host sends back: status, Content-Type, body, and for a 405 the Allow header. Every
 * response has a body in the negotiated format: the created key, a page of keys, the revoked
 * key's name, or an error.
 *
 * @param status the HTTP status, e.g. {@code 200}
 * @param contentType the Content-Type header value, e.g. {@code application/json; charset=utf-8}
 * @param body the body; copied in and out, as it may hold a new key
 * @param allow the Allow header's value, e.g. {@code GET, POST}: present for a 405, whose path
 *     allows these methods, and empty for any other status
 */
public record EndpointResponse(int status, String contentType, byte[] body, Optional<String> allow) {
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
   * The Allow header a 405 must carry: {@code GET, POST} for {@code /api/v1/apikeys}, {@code
   * DELETE} for {@code /api/v1/apikeys/{name}}; empty for any other status.
   */
  @Override
  public Optional<String> allow() {
    return allow;
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
