package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host adapter of the README, on the JDK's own HTTP server, driven by the JDK's HTTP client. */
class HttpServerAdapterTest {
  private final Tenants tenants = new Tenants();
  private HttpServer server;
  private URI uri;
  private final HttpClient client = HttpClient.newHttpClient();

  // --- the adapter, as in the README ------------------------------------------------------------
  static void serve(ApikeyEndpoint endpoint, HttpExchange exchange) throws IOException {
    EndpointResponse response = endpoint.handle(EndpointRequest.ofStream(
        exchange.getRequestMethod(),
        exchange.getRequestURI().getRawPath(),
        Headers.of(exchange.getRequestHeaders()),
        exchange.getRequestBody()));
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    response.allow().ifPresent(allow -> exchange.getResponseHeaders().set("Allow", allow));
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
  // -----------------------------------------------------------------------------------------------

  @BeforeEach
  void start() throws IOException {
    ApikeyEndpoint endpoint = tenants.endpoint();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> serve(endpoint, exchange));
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + ApikeyEndpoint.PATH);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void createsAKeyOverHttp() throws Exception {
    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/edn")
        .header("Accept", "application/transit+json")
        .header("X-Bytebeam-Tenant", Tenants.ACME)
        .header("X-Bytebeam-Api-Key", tenants.admin.key().toString())
        .POST(HttpRequest.BodyPublishers.ofString("{:name \"ci\" :role \"operator\"}", UTF_8))
        .build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/transit+json; charset=utf-8");
    assertThat(Format.TRANSIT_JSON.read(response.body())).containsEntry("name", "ci").containsEntry("role", "operator");
  }

  @Test
  void answersMethodNotAllowedWithAnAllowHeaderOverHttp() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).contains("POST");
    assertThat(Format.JSON.read(response.body().getBytes(UTF_8))).containsEntry("error", "method-not-allowed");
  }

  @Test
  void answersUnauthenticatedOverHttp() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Format.JSON.read(response.body().getBytes(UTF_8))).isEqualTo(Map.of(
        "error", "unauthenticated", "message", "missing or invalid API key or tenant"));
  }
}
