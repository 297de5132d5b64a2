package dev.apikeys.codecs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the host hands it to {@link ApikeyEndpoint#handle(EndpointRequest)}: method,
 * target, headers and body.
 *
 * <p>The target is the path and, if the request has one, {@code ?} and the query, both as they came
 * on the request line, still percent-encoded: e.g. {@code /api/v1/apikeys?limit=10&after=ci} or
 * {@code /api/v1/apikeys/deploy%20bot}. On the JDK's HTTP server that is {@code uri.getRawPath()},
 * plus {@code "?" + uri.getRawQuery()} when that is not null. It starts at the library's path, not
 * at the host's: a host that serves the library under a prefix (a servlet context path, a mount
 * point) takes the prefix off first. In a servlet container, {@code ApikeyServlet} of {@code
 * apikeys-servlet} does this.
 *
 * <p>The body is bytes the host has already read, or a stream the endpoint reads itself, never more
 * than its size limit plus one byte; the host closes the stream. Only a create has a body: a list or
 * a revoke never reads one.
 */
public final class EndpointRequest {
  private final String method;
  private final String path;
  private final Headers headers;
  /** Exactly one of {@code bytes} and {@code stream} is set. */
  private final byte @Nullable [] bytes;
  private final @Nullable InputStream stream;

  private EndpointRequest(
      String method, String path, Headers headers, byte @Nullable [] bytes, @Nullable InputStream stream) {
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
   * @param target the raw path and query, e.g. {@code /api/v1/apikeys?limit=10}; see the class comment
   * @param headers the header lookup
   * @param body the body; not copied, not modified
   * @return the request
   */
  public static EndpointRequest of(String method, String target, Headers headers, byte[] body) {
    return new EndpointRequest(method, target, headers, Objects.requireNonNull(body, "body"), null);
  }

  /**
   * A request without a body, such as a list ({@code GET}) or a revoke ({@code DELETE}).
   *
   * @param method the method, e.g. {@code GET}; methods are case-sensitive
   * @param target the raw path and query, e.g. {@code /api/v1/apikeys?limit=10}; see the class comment
   * @param headers the header lookup
   * @return the request
   */
  public static EndpointRequest of(String method, String target, Headers headers) {
    return new EndpointRequest(method, target, headers, new byte[0], null);
  }

  /**
   * A request whose body the endpoint reads from a stream, no further than its size limit plus
   * one byte, so that an endless body costs no more than that.
   *
   * @param method the method, e.g. {@code POST}; methods are case-sensitive
   * @param target the raw path and query, e.g. {@code /api/v1/apikeys?limit=10}; see the class comment
   * @param headers the header lookup
   * @param body the body; not closed, and not read at all but for a create
   * @return the request
   */
  public static EndpointRequest ofStream(String method, String target, Headers headers, InputStream body) {
    return new EndpointRequest(method, target, headers, null, Objects.requireNonNull(body, "body"));
  }

  /** The method. */
  public String method() {
    return method;
  }

  /** The target as given: the raw path and, if any, {@code ?} and the raw query. */
  public String path() {
    return path;
  }

  /** The header lookup. */
  public Headers headers() {
    return headers;
  }

  /** The body if it has at most {@code limit} bytes, else {@code null}. */
  byte @Nullable [] body(int limit) throws IOException {
    if (bytes != null) {
      return bytes.length <= limit ? bytes : null;
    }
    byte[] read = Objects.requireNonNull(stream, "stream").readNBytes(limit + 1);
    return read.length <= limit ? read : null;
  }

  /**
   * Method and path; never the query (where a careless client might put a key), headers or body
   * (which carry the caller's key).
   */
  @Override
  public String toString() {
    int query = path.indexOf('?');
    return "EndpointRequest[" + method + " " + (query < 0 ? path : path.substring(0, query)) + "]";
  }
}
