package dev.apikeys.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apikeys.cache.CachedApikeyStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two example servers on one database, as the README's "Several instances" runs them: a key
 * revoked through one is refused by the other within the cache's bound. H2 in server mode stands
 * in for PostgreSQL here; the library's own tests run the same on PostgreSQL and MariaDB.
 */
class ExampleServerSeveralInstancesTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  @Test
  void aKeyRevokedThroughOneServerIsRefusedByTheOtherWithinTheCachesBound() throws Exception {
    Server h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
    String url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/apikeys";
    UUID admin = UUID.randomUUID();
    ByteArrayOutputStream banner = new ByteArrayOutputStream();
    try (ExampleServer first = ExampleServer.start(Options.parse("--port", "0", "--jdbc-url", url, "--admin-key", admin.toString()));
        ExampleServer second = ExampleServer.start(Options.parse("--port", "0", "--jdbc-url", url, "--admin-key", admin.toString()),
            new PrintStream(banner, true, StandardCharsets.UTF_8))) {
      second.printBanner(new PrintStream(banner, true, StandardCharsets.UTF_8));
      assertThat(banner.toString(StandardCharsets.UTF_8))
          .contains("the admin key given is ignored")
          .contains("cache: on; a key revoked by any server on this database is refused here within 1000 ms");

      HttpResponse<String> created = send(first, "POST", "/api/v1/apikeys", admin.toString(), "{\"name\":\"ci\",\"role\":\"operator\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      String ci = created.body().replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
      await().atMost(Duration.ofSeconds(5)).until(() -> send(second, "GET", "/api/v1/apikeys", ci, null).statusCode() == 200);
      assertThat(send(second, "GET", "/api/v1/apikeys", ci, null).statusCode()).isEqualTo(200);

      assertThat(send(first, "DELETE", "/api/v1/apikeys/ci", admin.toString(), null).statusCode()).isEqualTo(200);
      long revoked = System.nanoTime();
      // The bound, and half a second for this test's own HTTP round trips on a loaded machine.
      await().atMost(CachedApikeyStore.DEFAULT_MAX_STALENESS.plusMillis(500)).pollInterval(Duration.ofMillis(10))
          .until(() -> send(second, "GET", "/api/v1/apikeys", ci, null).statusCode() == 401);
      System.out.printf("two example servers: revoked on one, refused by the other after %d ms%n",
          Duration.ofNanos(System.nanoTime() - revoked).toMillis());
    } finally {
      h2.stop();
    }
  }

  @Test
  void theBannerSaysWhetherTheCacheIsOn() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ExampleServer server = ExampleServer.start(Options.parse("--port", "0", "--memory", "--no-cache"))) {
      server.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8));
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("cache: off (--no-cache)");
  }

  private static HttpResponse<String> send(ExampleServer server, String method, String target, String key, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target))
        .timeout(Duration.ofSeconds(10))
        .header("x-bytebeam-tenant", "demo")
        .header("x-bytebeam-api-key", key)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
