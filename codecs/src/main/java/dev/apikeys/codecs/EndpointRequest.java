package dev.apikeys.codecs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One HTTP request as the host hands it to {@link ApikeyEndpoint#handle(EndpointRequest)}: method,
 * path, headers and body. The body is bytes the host has already read, or a stream the endpoint
 * reads itself, never more than its size limit plus one byte; the host closes the stream.
 */
public final class EndpointRequest {
  private final String method;
  private final String path;
  private final Headers headers;
  private final byte[] bytes;
  private final InputStream stream;

  private EndpointRequest(String method, String path, Headers headers, byte[] bytes, InputStream stream) {
    this.method = Objects.requireNonNull(method, "method");
    this.path = Objects.requireNonNull(path, "path");
    this.headers = Objects.requireNonNull(headers, "headers");
    this.bytes = bytes;
    this.stream = stream;
  }

  /**
   * A request whose body the host has read.
   *
   * @param method the method, e.g. {@code POST}; methods are case-sensitive
   * @param path the path, e.g. {@code /api/v1/apikeys}; a query string is ignored
   * @param headers the header lookup
   * @param body the body; not copied, not modified
   * @return the request
   */
  public static EndpointRequest of(String method, String path, Headers headers, byte[] body) {
    return new EndpointRequest(method, path, headers, Objects.requireNonNull(body, "body"), null);
  }

  /**
   * A request whose body the endpoint reads from a stream, no further than its size limit plus
   * one byte, so that an endless body costs no more than that.
   *
   * @param method the method, e.g. {@code POST}; methods are case-sensitive
   * @param path the path, e.g. {@code /api/v1/apikeys}; a query string is ignored
   * @param headers the header lookup
   * @param body the body; not closed
   * @return the request
   */
  public static EndpointRequest ofStream(String method, String path, Headers headers, InputStream body) {
    return new EndpointRequest(method, path, headers, null, Objects.requireNonNull(body, "body"));
  }

  /** The method. */
  public String method() {
    return method;
  }

  /** The path, as given. */
  public String path() {
    return path;
  }

  /** The header lookup. */
  public Headers headers() {
    return headers;
  }

  /** The body if it has at most {@code limit} bytes, else {@code null}. */
  byte[] body(int limit) throws IOException {
    if (bytes != null) {
      return bytes.length <= limit ? bytes : null;
    }
    byte[] read = stream.readNBytes(limit + 1);
    return read.length <= limit ? read : null;
  }

  /** Method and path; never headers or body, which carry the caller's key. */
  @Override
  public String toString() {
    return "EndpointRequest[" + method + " " + path + "]";
  }
}
