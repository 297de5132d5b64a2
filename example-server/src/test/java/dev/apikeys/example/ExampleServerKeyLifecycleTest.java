package dev.apikeys.example;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing and revoking over real HTTP through the example server's adapter, on its default H2 file
 * database: the query and the percent-encoded name reach the endpoint as sent.
 */
class ExampleServerKeyLifecycleTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ExampleServer server;
  private String adminKey;

  @BeforeEach
  void start() throws Exception {
    server = ExampleServer.start(Options.parse(new String[] {
        "--port", "0", "--jdbc-url", "jdbc:h2:file:" + dir.resolve("apikeys").toAbsolutePath()}));
    adminKey = server.bootstrap().newKey().toString();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String target, String key, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target))
        .timeout(Duration.ofSeconds(10))
        .header("x-bytebeam-tenant", "demo")
        .header("x-bytebeam-api-key", key)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String create(String name, String role) throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/apikeys", adminKey, JSON.writeValueAsString(java.util.Map.of("name", name, "role", role)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("key").asText();
  }

  @Test
  void listsPageByPageFollowingNext() throws Exception {
    for (String name : List.of("ci", "deploy bot", "é/ü")) {
      create(name, "viewer");
    }
    List<String> names = new ArrayList<>();
    String next = null;
    do {
      HttpResponse<String> r = send("GET", "/api/v1/apikeys?limit=3" + (next == null ? "" : "&after=" + URLEncoder.encode(next, UTF_8)),
          adminKey, null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).contains("application/json; charset=utf-8");
      JsonNode page = JSON.readTree(r.body());
      page.get("keys").forEach(k -> names.add(k.get("name").asText()));
      next = page.has("next") ? page.get("next").asText() : null;
    } while (next != null);

    assertThat(names).containsExactly("admin", "ci", "deploy bot", "é/ü");
  }

  @Test
  void refusesABadLimitWithAViolationOnLimit() throws Exception {
    HttpResponse<String> r = send("GET", "/api/v1/apikeys?limit=5000", adminKey, null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("violations").get(0).get("field").asText()).isEqualTo("limit");
  }

  @Test
  void revokesByPercentEncodedNameAndTheKeyStopsWorking() throws Exception {
    String key = create("é/ü bot", "viewer");

    HttpResponse<String> revoked = send("DELETE", "/api/v1/apikeys/%C3%A9%2F%C3%BC%20bot", adminKey, null);

    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(JSON.readTree(revoked.body()).get("name").asText()).isEqualTo("é/ü bot");
    assertThat(send("GET", "/api/v1/apikeys", key, null).statusCode()).isEqualTo(401);
    assertThat(send("DELETE", "/api/v1/apikeys/%C3%A9%2F%C3%BC%20bot", adminKey, null).statusCode()).isEqualTo(404);
    assertThat(send("DELETE", "/api/v1/apikeys/admin", adminKey, null).statusCode()).isEqualTo(409);
  }

  @Test
  void answersMethodNotAllowedWithTheAllowOfEachPath() throws Exception {
    HttpResponse<String> collection = send("DELETE", "/api/v1/apikeys", adminKey, null);
    HttpResponse<String> key = send("PUT", "/api/v1/apikeys/admin", adminKey, null);

    assertThat(collection.statusCode()).isEqualTo(405);
    assertThat(collection.headers().firstValue("allow")).contains("GET, HEAD, POST");
    assertThat(key.statusCode()).isEqualTo(405);
    assertThat(key.headers().firstValue("allow")).contains("DELETE");
  }
}
