package dev.apikeys.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The meters in Prometheus text format at {@code GET /metrics}, on a port of their own
 * ({@code --metrics-port}), so that the API's port never serves them.
 */
final class MetricsServer implements AutoCloseable {
  /** The Prometheus text exposition format, version 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;

  private MetricsServer(PrometheusMeterRegistry registry, HttpServer server) {
    this.registry = registry;
    this.server = server;
  }

  /** A registry for the meters; {@link #start} serves it. */
  static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  static MetricsServer start(String host, int port, PrometheusMeterRegistry registry) throws ExampleServer.StartupException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (BindException e) {
      throw new ExampleServer.StartupException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ExampleServer.StartupException("cannot start the metrics server: " + e.getMessage(), e);
    }
    server.createContext("/", exchange -> answer(exchange, registry));
    server.start(); // one thread: a scrape every few seconds needs no more
    return new MetricsServer(registry, server);
  }

  private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"/metrics".equals(exchange.getRequestURI().getRawPath())) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found: the meters are at /metrics\n", method);
      } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n", method);
      } else {
        send(exchange, 200, CONTENT_TYPE, registry.scrape(), method);
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String text, String method) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(method);
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    registry.close();
  }
}
