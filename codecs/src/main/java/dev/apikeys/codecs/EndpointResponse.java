package dev.apikeys.codecs;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host sends back: status, Content-Type and body. Every response has a body: the
 * created key, or an error in the negotiated format.
 *
 * @param status the HTTP status, e.g. {@code 200}
 * @param contentType the Content-Type header value, e.g. {@code application/json; charset=utf-8}
 * @param body the body; copied in and out, as it may hold a new key
 */
public record EndpointResponse(int status, String contentType, byte[] body) {
  /** Checks and copies. */
  public EndpointResponse {
    Objects.requireNonNull(contentType, "contentType");
    body = Objects.requireNonNull(body, "body").clone();
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The Allow header a 405 must carry ({@code POST}), and nothing for any other status. */
  public Optional<String> allow() {
    return status == 405 ? Optional.of("POST") : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndpointResponse other
        && status == other.status
        && contentType.equals(other.contentType)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, contentType, Arrays.hashCode(body));
  }

  /** Status, content type and body length; never the body, which may hold a new key. */
  @Override
  public String toString() {
    return "EndpointResponse[status=" + status + ", contentType=" + contentType + ", body=" + body.length + " bytes]";
  }
}
