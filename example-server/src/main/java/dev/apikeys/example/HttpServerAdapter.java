package dev.apikeys.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.EndpointRequest;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.codecs.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole adapter between the JDK's HTTP server and the library: method, raw path and query,
 * headers and body stream in; status, Content-Type, Allow and bytes out. An adapter for any other
 * server looks the same.
 */
final class HttpServerAdapter implements HttpHandler {
  private final ApikeyEndpoint endpoint;
  private final AtomicInteger inFlight = new AtomicInteger();

  HttpServerAdapter(ApikeyEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    inFlight.incrementAndGet();
    try (exchange) {
      URI uri = exchange.getRequestURI();
      EndpointResponse response = endpoint.handle(EndpointRequest.ofStream(
          exchange.getRequestMethod(),
          uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery(),
          Headers.of(exchange.getRequestHeaders()),
          exchange.getRequestBody()));
      byte[] body = response.body();
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      response.allow().ifPresent(allow -> exchange.getResponseHeaders().set("Allow", allow));
      if (response.status() == 413) {
        // The rest of the body was never read: the connection cannot carry another request.
        exchange.getResponseHeaders().set("Connection", "close");
      }
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The number of requests being handled now. */
  int inFlight() {
    return inFlight.get();
  }
}
