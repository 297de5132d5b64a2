package dev.apikeys.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apikeys.codecs.Codec;
import dev.apikeys.testsupport.Bytes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * The example server as its own process, its stdout and stderr captured to files, on an H2
 * database served over TCP that the test stops and serves again: keys created in every format,
 * every kind of refusal (keys pasted into the name and the two headers swapped among them), a
 * database outage (each 503 is logged with its causes), recovery under steady traffic, SIGTERM.
 * Then no created key may be anywhere but in the one banner line that shows the admin key once:
 * not in the log, not in an error body, not in the database files.
 *
 * <p>The logs and the list of created keys stay in {@code target/secrets/}, where the build's last
 * test ({@code BuildSecretsScanTest} in the hardening module) searches them again, in more
 * spellings.
 */
class ExampleServerSecretsTest {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void noKeyIsInTheLogsErrorBodiesOrDatabaseFilesOfARunWithAnOutage() throws Exception {
    Path secrets = Files.createDirectories(Path.of("target", "secrets").toAbsolutePath());
    Path base = Files.createTempDirectory(secrets, "h2-");
    int dbPort;
    try (ServerSocket free = new ServerSocket(0)) {
      dbPort = free.getLocalPort();
    }
    Server[] database = {h2(dbPort, base)};
    Path stdout = secrets.resolve("example-server-stdout.log");
    Path stderr = secrets.resolve("example-server-stderr.log");
    Process process = ServerProcess.command(List.of(), "--port", "0", "--jdbc-url", "jdbc:h2:tcp://127.0.0.1:" + dbPort + "/apikeys")
        .redirectError(stderr.toFile()).start();
    Set<String> keys = new LinkedHashSet<>();
    List<byte[]> errorBodies = new ArrayList<>();
    List<String> banner = new ArrayList<>();
    int outages = 0;
    int unavailable = 0;
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      ServerProcess.Banner started = ServerProcess.Banner.read(reader, "; its stderr is in " + stderr);
      banner.addAll(started.lines());
      String url = started.url();
      String admin = started.adminKey();
      keys.add(admin);
      // The rest of stdout goes to a file, for the scans.
      Thread drain = new Thread(() -> {
        try (PrintStream out = new PrintStream(Files.newOutputStream(stdout), true, StandardCharsets.UTF_8)) {
          reader.lines().forEach(out::println);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      drain.start();
      URI uri = URI.create(url);

      // Keys in every format; the operator keys make keys of their own.
      List<String> operators = new ArrayList<>();
      for (Codec codec : Codec.all()) {
        String sub = codec.mediaType().subtype();
        operators.add(created(uri, codec, admin, "op-" + sub, "operator", keys));
        created(uri, codec, operators.get(operators.size() - 1), "viewer-" + sub, "viewer", keys);
      }
      String viewer = created(uri, Codec.json(), admin, "the-viewer", "viewer", keys);
      // Every kind of refusal, with real keys in the request where a refusal could echo them.
      for (Codec codec : Codec.all()) {
        String op = operators.get(0);
        errorBodies.add(refused(uri, codec, "demo", op, ExampleServerEndToEndTest.body(codec, "op-json", "viewer"), 409));
        errorBodies.add(refused(uri, codec, "demo", op, ExampleServerEndToEndTest.body(codec, "boss", "admin"), 403));
        errorBodies.add(refused(uri, codec, "demo", viewer, ExampleServerEndToEndTest.body(codec, "x", "viewer"), 403));
        errorBodies.add(refused(uri, codec, "elsewhere", op, ExampleServerEndToEndTest.body(codec, "x", "viewer"), 401));
        errorBodies.add(refused(uri, codec, "demo", op.replace("-", ""), ExampleServerEndToEndTest.body(codec, "x", "viewer"), 401));
        errorBodies.add(refused(uri, codec, "demo", op, ("{\"name\":\"" + op + "\"").getBytes(StandardCharsets.UTF_8), 400));
        // keys where they do not belong: as the name, and in the two headers swapped
        errorBodies.add(refused(uri, codec, "demo", op, ExampleServerEndToEndTest.body(codec, op, "x" + op), 400));
        errorBodies.add(refused(uri, codec, op, "demo", ExampleServerEndToEndTest.body(codec, "x", "viewer"), 401));
      }

      // The database goes away: 503s, each logged with its causes.
      database[0].stop();
      outages++;
      // At once: each waits out the pool's connection time-out (5 s) before its 503.
      List<CompletableFuture<byte[]>> during = new ArrayList<>();
      for (Codec codec : Codec.all()) {
        String key = admin;
        during.add(CompletableFuture.supplyAsync(() -> {
          try {
            return refused(uri, codec, "demo", key, ExampleServerEndToEndTest.body(codec, "during-outage", "viewer"), 503);
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        }));
      }
      for (CompletableFuture<byte[]> f : during) {
        errorBodies.add(f.get(30, TimeUnit.SECONDS));
        unavailable++;
      }
      database[0] = h2(dbPort, base);
      // ... and comes back: the pool replaces its dead connections (see the README on H2 behind HikariCP).
      AtomicInteger refusedMeanwhile = new AtomicInteger();
      String key = admin;
      await("the server works again once the database is back").atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).pollInSameThread()
          .until(() -> {
            HttpResponse<byte[]> r = post(uri, Codec.json(), "demo", key, ExampleServerEndToEndTest.body(Codec.json(), "after", "viewer"));
            if (r.statusCode() == 200) {
              keys.add(Codec.json().decode(r.body()).get("key").toString());
              return true;
            }
            assertThat(r.statusCode()).isEqualTo(503);
            refusedMeanwhile.incrementAndGet();
            return false;
          });
      unavailable += refusedMeanwhile.get();

      assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor()).isZero();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      drain.join(10_000);
    } finally {
      process.destroyForcibly();
      database[0].stop();
    }

    // The list of created keys, for the build's scan.
    Files.write(secrets.resolve("created-keys-example-server.txt"), keys);
    String log = Files.readString(stderr, StandardCharsets.ISO_8859_1);
    assertThat(log).as("every 503 is logged with its causes").contains("request failed", "StorageUnavailableException");
    assertThat(Files.readString(stdout)).contains("apikeys example server stopped");

    // The admin key is in the banner, in the lines that show it once, and nowhere else.
    String admin = keys.iterator().next();
    for (String line : banner) {
      boolean showsIt = line.contains("admin key (shown this once") || line.contains("export ADMIN_KEY=") || line.contains("curl ");
      assertThat(line.contains(admin)).as(line).isEqualTo(showsIt);
      for (String key : keys) {
        if (!key.equals(admin)) {
          assertThat(line).doesNotContainIgnoringCase(key);
        }
      }
    }
    List<Path> scanned = new ArrayList<>(List.of(stdout, stderr));
    try (Stream<Path> files = Files.walk(base)) {
      files.filter(Files::isRegularFile).forEach(scanned::add);
    }
    assertThat(scanned.size()).as("the database's files are there").isGreaterThan(2);
    for (Path file : scanned) {
      assertNoKey(file.toString(), Files.readAllBytes(file), keys);
    }
    for (byte[] body : errorBodies) {
      assertNoKey("an error body", body, keys);
    }
    System.out.printf("example server secrets: %d keys created over HTTP, %d error bodies, %d database outage, %d requests answered 503"
        + " and logged; no key in %d files (%d KiB of logs)%n", keys.size(), errorBodies.size(), outages, unavailable, scanned.size(),
        (Files.size(stdout) + Files.size(stderr)) / 1024);
  }

  private static Server h2(int port, Path base) throws java.sql.SQLException {
    return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", base.toString(), "-ifNotExists").start();
  }

  private static HttpResponse<byte[]> post(URI uri, Codec codec, String tenant, String key, byte[] body)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", codec.contentType()).header("Accept", codec.contentType()).header("x-bytebeam-tenant", tenant)
        .header("x-bytebeam-api-key", key).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String created(URI uri, Codec codec, String caller, String name, String role, Set<String> keys) throws Exception {
    HttpResponse<byte[]> r = post(uri, codec, "demo", caller, ExampleServerEndToEndTest.body(codec, name, role));
    assertThat(r.statusCode()).as(name).isEqualTo(200);
    Map<String, Object> created = codec.decode(r.body());
    String key = created.get("key").toString();
    keys.add(key);
    return key;
  }

  private static byte[] refused(URI uri, Codec codec, String tenant, String key, byte[] body, int status) throws Exception {
    HttpResponse<byte[]> r = post(uri, codec, tenant, key, body);
    assertThat(r.statusCode()).isEqualTo(status);
    return r.body();
  }

  /** The key as text in any case, as 32 hex digits, or as its 16 bytes; the build's scan knows more spellings. */
  private static void assertNoKey(String where, byte[] content, Set<String> keys) {
    String text = new String(content, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    for (String key : keys) {
      UUID uuid = UUID.fromString(key);
      byte[] raw = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
      assertThat(text.contains(key) || text.contains(key.replace("-", "")) || Bytes.indexOf(content, raw) >= 0)
          .as("a created key in %s", where).isFalse();
    }
  }
}
