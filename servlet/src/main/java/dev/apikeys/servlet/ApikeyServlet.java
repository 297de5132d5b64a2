package dev.apikeys.servlet;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.EndpointRequest;
import dev.apikeys.codecs.EndpointResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * The API-key routes in a servlet container: every request it is given is answered by an {@link
 * ApikeyEndpoint} (create, list, revoke and whatever routes the endpoint has), with every header of
 * the answer ({@code Content-Type}, {@code Cache-Control: no-store}, {@code Allow}, {@code
 * WWW-Authenticate}).
 *
 * <p>Map it at {@code /api/v1/apikeys/*} (which the Servlet specification also matches for {@code
 * /api/v1/apikeys} itself); a context path in front is taken off. Mapped at another prefix, {@code
 * /p/*}, it serves at {@code /p} what the library serves at {@code /api/v1/apikeys}; mapped at
 * {@code /} or {@code /*}, it serves the library's paths within the context.
 *
 * <pre>{@code
 * ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(service).build();
 * context.addServlet(new ServletHolder(new ApikeyServlet(endpoint)), "/api/v1/apikeys/*"); // Jetty
 * }</pre>
 *
 * <p>The body of a create is streamed to the endpoint, which reads at most its size limit plus one
 * byte (413 beyond it, whether the body has a Content-Length or is chunked). A name is one path
 * segment, read from the raw request URI, so a name that holds a {@code /} is sent as {@code %2F};
 * containers refuse {@code %2F} in a path by default, and the container's setting that lets it
 * through is the only thing such names need (see the module's documentation).
 *
 * <p>Before an answer, what the endpoint left of the body (a refusal is often decided before the
 * body is read) is read and dropped, up to 64 KiB, so that the connection serves the client's next
 * request; beyond that the answer says {@code Connection: close}. The filter does the same.
 *
 * <p>All methods are answered here, unknown ones too (405 with {@code Allow}): it overrides {@code
 * service}, not the {@code doGet} family. Thread-safe.
 */
public final class ApikeyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** A servlet is never serialized with its endpoint; the field is transient for the serialization lint. */
  private final transient ApikeyEndpoint endpoint;

  /**
   * A servlet answering from this endpoint.
   *
   * @param endpoint the endpoint, with the service, default format, body limit and error listener
   */
  public ApikeyServlet(ApikeyEndpoint endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    EndpointResponse answer = endpoint.handle(EndpointRequest.ofStream(
        request.getMethod(), ServletExchange.target(request), ServletExchange.headers(request), request.getInputStream()));
    ServletExchange.send(answer, request, response, false); // the endpoint has left the body out of a HEAD's answer
  }

  @Override
  public String toString() {
    return "ApikeyServlet[" + endpoint + "]";
  }
}
