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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
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
    URI uri = exchange.getRequestURI();
    EndpointResponse response = endpoint.handle(EndpointRequest.ofStream(
        exchange.getRequestMethod(),
        uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery(),
        Headers.of(exchange.getRequestHeaders()),
        exchange.getRequestBody()));
    response.headers().forEach(exchange.getResponseHeaders()::set); // Content-Type, Cache-Control, Allow, WWW-Authenticate
    byte[] body = response.body(); // empty for HEAD
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
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
  void answersMethodNotAllowedWithAnAllowHeaderPerPathOverHttp() throws Exception {
    HttpResponse<String> collection = client.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> key = client.send(HttpRequest.newBuilder(URI.create(uri + "/ci")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(collection.statusCode()).isEqualTo(405);
    assertThat(collection.headers().firstValue("allow")).contains("GET, HEAD, POST");
    assertThat(Format.JSON.read(collection.body().getBytes(UTF_8))).containsEntry("error", "method-not-allowed");
    assertThat(key.statusCode()).isEqualTo(405);
    assertThat(key.headers().firstValue("allow")).contains("DELETE");
  }

  @Test
  void listsPageByPageWithTheQueryOverHttp() throws Exception {
    create("deploy bot/é", "viewer");
    List<String> names = new ArrayList<>();
    String next = null;
    do {
      String query = "?limit=2" + (next == null ? "" : "&after=" + URLEncoder.encode(next, UTF_8));
      HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(uri + query))
          .header("Accept", "application/edn")
          .header("X-Bytebeam-Tenant", Tenants.ACME)
          .header("X-Bytebeam-Api-Key", tenants.viewer.key().toString())
          .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as(query).isEqualTo(200);
      Map<String, Object> page = Format.EDN.read(response.body());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> keys = (List<Map<String, Object>>) page.get("keys");
      keys.forEach(k -> names.add((String) k.get("name")));
      next = (String) page.get("next");
    } while (next != null);

    assertThat(names).containsExactly("dashboard", "deploy bot/é", "ops", "root");
  }

  @Test
  void revokesAKeyByItsPercentEncodedNameOverHttp() throws Exception {
    create("deploy bot/é", "viewer");
    String name = URLEncoder.encode("deploy bot/é", UTF_8).replace("+", "%20");

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(uri + "/" + name))
        .header("X-Bytebeam-Tenant", Tenants.ACME)
        .header("X-Bytebeam-Api-Key", tenants.admin.key().toString())
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Format.JSON.read(response.body().getBytes(UTF_8))).isEqualTo(Map.of("name", "deploy bot/é", "revoked", true));
    assertThat(tenants.store.list(Tenants.ACME)).extracting(k -> k.name()).doesNotContain("deploy bot/é");
  }

  private void create(String name, String role) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .header("X-Bytebeam-Tenant", Tenants.ACME)
        .header("X-Bytebeam-Api-Key", tenants.admin.key().toString())
        .POST(HttpRequest.BodyPublishers.ofByteArray(Format.JSON.write(Map.of("name", name, "role", role)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void answersUnauthenticatedOverHttp() throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("www-authenticate")).contains(EndpointResponse.CHALLENGE);
    assertThat(response.headers().firstValue("cache-control")).contains("no-store");
    assertThat(Format.JSON.read(response.body().getBytes(UTF_8))).isEqualTo(Map.of(
        "error", "unauthenticated", "message", "missing or invalid API key or tenant"));
  }

  @Test
  void answersHeadAsGetWithoutABodyOverHttp() throws Exception {
    HttpResponse<String> head = client.send(HttpRequest.newBuilder(uri)
        .header("X-Bytebeam-Tenant", Tenants.ACME)
        .header("X-Bytebeam-Api-Key", tenants.viewer.key().toString())
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("content-type")).contains("application/json; charset=utf-8");
    assertThat(head.body()).isEmpty();
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("www-authenticate")).contains(EndpointResponse.CHALLENGE);
    assertThat(refused.body()).isEmpty();
  }
}
