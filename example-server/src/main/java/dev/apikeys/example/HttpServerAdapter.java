package dev.apikeys.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.EndpointRequest;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.codecs.Headers;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole adapter between the JDK's HTTP server and the library: method, raw path and query,
 * headers and body stream in; status, {@link EndpointResponse#headers() headers} and bytes out.
 * An adapter for any other server looks the same.
 *
 * <p>One thing is particular to the JDK's server: after an answer it reads whatever is left of the
 * request body on the worker thread, until the body ends or the request's time is up. A refusal
 * (401, 413, 415) leaves the body unread, so a client that declares a body and never sends it
 * would hold the worker for the whole {@code maxReqTime}. The server is therefore started with
 * {@code sun.net.httpserver.drainAmount=0} (it reads nothing left over, and closes such a
 * connection), and this adapter consumes only what has already arrived: a connection whose body
 * was read to its end stays open for the next request, any other is closed with {@code
 * Connection: close}.
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
      CountingBody body = new CountingBody(exchange.getRequestBody());
      EndpointResponse response = endpoint.handle(EndpointRequest.ofStream(
          exchange.getRequestMethod(),
          uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery(),
          Headers.of(exchange.getRequestHeaders()),
          body));
      response.headers().forEach(exchange.getResponseHeaders()::set);
      boolean chunked = exchange.getRequestHeaders().containsKey("Transfer-Encoding");
      if (!body.finishWithoutWaiting(chunked ? null : exchange.getRequestHeaders().getFirst("Content-Length"), chunked)) {
        exchange.getResponseHeaders().set("Connection", "close");
      }
      byte[] bytes = response.body(); // empty for HEAD
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The number of requests being handled now. */
  int inFlight() {
    return inFlight.get();
  }

  /** The request body, counting what was read and whether its end was seen. */
  private static final class CountingBody extends FilterInputStream {
    private long read;
    private boolean ended;

    CountingBody(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count(n);
      return n;
    }

    private void count(int n) {
      if (n < 0) {
        ended = true;
      } else {
        read += n;
      }
    }

    /**
     * Reads the rest of a body of the declared length as far as it has already arrived, never
     * waiting for more.
     *
     * @return whether the body was read to its end, so that the connection may carry another request
     */
    boolean finishWithoutWaiting(String contentLength, boolean chunked) throws IOException {
      if (ended) {
        return true;
      }
      if (chunked) {
        return false; // its end cannot be known without waiting
      }
      long declared;
      try {
        declared = contentLength == null ? 0 : Long.parseLong(contentLength.strip());
      } catch (NumberFormatException e) {
        return false; // the JDK's server refuses such a request before it gets here
      }
      byte[] skip = null;
      int available;
      while (read < declared && (available = in.available()) > 0) {
        if (skip == null) {
          skip = new byte[8192];
        }
        if (read(skip, 0, (int) Math.min(skip.length, Math.min(available, declared - read))) < 0) {
          return true;
        }
      }
      // At the declared length the JDK's stream answers the end at once: then the next request may follow.
      return read == declared && read() < 0;
    }
  }
}
