package dev.apikeys.servlet;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.core.Caller;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 (ee10) on a free loopback port, as a host application sets one up: the servlet
 * at the given mappings under a context path, and optionally a filter in front of a route of the
 * host's own ({@code /reports/*}) that answers with the caller it was handed.
 */
final class JettyHost implements AutoCloseable {
  private final Server server;
  private final String base;

  private JettyHost(Server server, String base) {
    this.server = server;
    this.base = base;
  }

  static Builder builder(ApikeyEndpoint endpoint) {
    return new Builder(endpoint);
  }

  /** The URI of a path under the context path, e.g. {@code uri("/api/v1/apikeys")}. */
  URI uri(String path) {
    return URI.create(base + path);
  }

  /** The port the connector listens on, for raw sockets. */
  int port() {
    return uri("/").getPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  /** The host's own route: the caller the filter let through, as plain text, or 500 if none. */
  static final class ReportsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      Caller caller = ApikeyFilter.caller(request).orElse(null);
      if (caller == null) {
        response.sendError(500, "no caller");
        return;
      }
      response.setContentType("text/plain;charset=utf-8");
      response.getOutputStream().write(("report for " + caller.tenant() + " by " + caller.keyName().orElse("?") + " ("
          + caller.role() + ")").getBytes(StandardCharsets.UTF_8));
    }
  }

  static final class Builder {
    private final ApikeyEndpoint endpoint;
    private String contextPath = "/";
    private String[] mappings = {"/api/v1/apikeys", "/api/v1/apikeys/*"};
    private Filter filter;
    private Filter outer;
    private boolean ambiguousSeparators;
    private HttpServlet extra;
    private String extraMapping;

    private Builder(ApikeyEndpoint endpoint) {
      this.endpoint = endpoint;
    }

    Builder contextPath(String contextPath) {
      this.contextPath = contextPath;
      return this;
    }

    Builder mappings(String... mappings) {
      this.mappings = mappings;
      return this;
    }

    /** The filter in front of {@code /reports/*}, the host's own route. */
    Builder filter(Filter filter) {
      this.filter = filter;
      return this;
    }

    /** A filter of the host's in front of everything, the library's servlet and filter included. */
    Builder outerFilter(Filter filter) {
      this.outer = filter;
      return this;
    }

    /** Another servlet of the host's, e.g. one that shows what the library's servlet would see. */
    Builder servlet(HttpServlet servlet, String mapping) {
      this.extra = servlet;
      this.extraMapping = mapping;
      return this;
    }

    /**
     * The documented setting for names with a {@code /} or {@code \}: the connector's URI compliance
     * lets {@code %2F} and {@code %5C} through. Nothing else: the servlet reads only the raw URI, never
     * the decoded servlet path or path info, so Jetty's {@code decodeAmbiguousURIs} is not needed.
     */
    Builder ambiguousSeparators() {
      this.ambiguousSeparators = true;
      return this;
    }

    JettyHost start() throws Exception {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      if (ambiguousSeparators) {
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
            .setUriCompliance(UriCompliance.DEFAULT.with("apikeys",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS));
      }
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler(contextPath);
      ServletHolder holder = new ServletHolder("apikeys", new ApikeyServlet(endpoint));
      for (String mapping : mappings) {
        context.addServlet(holder, mapping);
      }
      if (outer != null) {
        context.addFilter(new FilterHolder(outer), "/*", EnumSet.of(DispatcherType.REQUEST));
      }
      if (filter != null) {
        context.addFilter(new FilterHolder(filter), "/reports/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("reports", new ReportsServlet()), "/reports/*");
      }
      if (extra != null) {
        context.addServlet(new ServletHolder("extra", extra), extraMapping);
      }
      server.setHandler(context);
      server.start();
      String path = "/".equals(contextPath) ? "" : contextPath;
      return new JettyHost(server, "http://127.0.0.1:" + connector.getLocalPort() + path);
    }
  }
}
