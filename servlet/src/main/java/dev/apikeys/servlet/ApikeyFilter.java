package dev.apikeys.servlet;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.ApikeyGuard;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Guards the host's own routes with the library's API keys. A request whose {@code
 * x-bytebeam-tenant} and {@code x-bytebeam-api-key} authenticate goes on down the chain with its
 * {@link Caller} as the request attribute {@value #CALLER_ATTRIBUTE}; any other is answered here,
 * never reaching the route: 401 {@code unauthenticated} with its {@code WWW-Authenticate}
 * challenge, or 503 when the store fails, in the format Accept asks for (JSON when it asks for
 * none of the four), with no body for a {@code HEAD}. See {@link ApikeyGuard}.
 *
 * <pre>{@code
 * context.addFilter(new FilterHolder(new ApikeyFilter(service)), "/reports/*", EnumSet.of(DispatcherType.REQUEST));
 * // in the route:
 * Caller caller = ApikeyFilter.caller(request).orElseThrow();
 * log.info("report for {} by key {}", caller.tenant(), caller.keyName().orElse(caller.id()));
 * }</pre>
 *
 * <p>Every request it is given is checked, {@code OPTIONS} too: a CORS preflight, which carries no
 * key, needs a CORS filter in front of this one. Thread-safe.
 */
public final class ApikeyFilter implements Filter {
  /** The request attribute that holds the authenticated {@link Caller}: {@code dev.apikeys.core.Caller}. */
  public static final String CALLER_ATTRIBUTE = "dev.apikeys.core.Caller";

  private final ApikeyGuard guard;

  /**
   * A filter that authenticates with this service and answers refusals in JSON unless Accept asks
   * for another of the four formats; 500s and 503s are reported nowhere (for that, use {@link
   * #ApikeyFilter(ApikeyGuard)} with {@link ApikeyEndpoint#guard()}).
   *
   * @param service the service
   */
  public ApikeyFilter(ApikeyService service) {
    this(ApikeyGuard.of(Objects.requireNonNull(service, "service")));
  }

  /**
   * A filter with this guard, such as {@link ApikeyEndpoint#guard()}, which answers as its
   * endpoint does (default format, error listener).
   *
   * @param guard the guard
   */
  public ApikeyFilter(ApikeyGuard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /**
   * The caller this filter let through, for the route behind it.
   *
   * @param request the request
   * @return the caller, or empty if the request did not pass this filter
   */
  public static Optional<Caller> caller(ServletRequest request) {
    return request.getAttribute(CALLER_ATTRIBUTE) instanceof Caller caller ? Optional.of(caller) : Optional.empty();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
      throw new ServletException("ApikeyFilter guards HTTP requests only");
    }
    ApikeyGuard.Decision decision = guard.check(ServletExchange.headers(http));
    if (decision instanceof ApikeyGuard.Authenticated authenticated) {
      http.setAttribute(CALLER_ATTRIBUTE, authenticated.caller());
      chain.doFilter(http, httpResponse);
    } else {
      ServletExchange.send(((ApikeyGuard.Refused) decision).response(), http, httpResponse, "HEAD".equals(http.getMethod()));
    }
  }

  @Override
  public String toString() {
    return "ApikeyFilter[" + guard + "]";
  }
}
