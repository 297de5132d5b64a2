package dev.apikeys.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow clients (slowloris): the JDK's server reads a request's line, headers and body on a worker
 * thread, and by default lets a request take forever to arrive. The example server has eight
 * workers on a two-core machine; eight clients that open a request and send a byte now and then
 * held them all, and every other client waited forever (measured before the fix: no answer within
 * 10 s). The example server now sets {@code sun.net.httpserver.maxReqTime} (30 s unless set), and
 * the JDK closes a connection whose request is not in by then.
 *
 * <p>That bounds what one slow client holds, not what an attacker who keeps opening slow
 * connections can do to a thread-per-request server: on the open internet, a proxy that buffers
 * requests belongs in front of it.
 */
class ExampleServerSlowClientsTest {
  @Test
  void theServerLimitsTheTimeARequestMayTakeToArriveUnlessTheHostSetsItsOwnLimit() throws Exception {
    String before = System.getProperty(ExampleServer.MAX_REQUEST_TIME_PROPERTY);
    try (ExampleServer server = ExampleServer.start(Options.parse("--port", "0", "--memory"))) {
      assertThat(System.getProperty(ExampleServer.MAX_REQUEST_TIME_PROPERTY))
          .isEqualTo(before != null ? before : ExampleServer.DEFAULT_MAX_REQUEST_SECONDS);
      assertThat(server.port()).isPositive();
    }
  }

  @Test
  void clientsThatSendTheirRequestsSlowlyAreCutOffAndOthersAreServed() throws Exception {
    ServerSide.assumeVisible();
    // Its own process: the JDK reads the limit once per JVM, and 2 s keeps the test short.
    Process process = ServerProcess.command(List.of("-Dsun.net.httpserver.maxReqTime=2"), "--port", "0", "--memory")
        .redirectErrorStream(true).start();
    List<Socket> slow = new ArrayList<>();
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      ServerProcess.Banner banner = ServerProcess.Banner.read(reader);
      String url = banner.url();
      String adminKey = banner.adminKey();
      URI uri = URI.create(url);
      // As many workers as ExampleServer.start gives its server, on this machine.
      int workers = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
      // Three times as many slow clients as the server has workers: half stall in the headers, half in the body.
      for (int i = 0; i < 3 * workers; i++) {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(20_000);
        String head = i % 2 == 0
            ? "POST /api/v1/apikeys HTTP/1.1\r\nHost: x\r\nx-slow: "
            : "POST /api/v1/apikeys HTTP/1.1\r\nHost: x\r\nx-bytebeam-tenant: demo\r\nx-bytebeam-api-key: " + adminKey
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        slow.add(socket);
      }
      // A worker takes a connection up by reading what it sent; until then the bytes wait at the
      // server's end. Once as many are read (or already cut off) as there are workers while others
      // still wait, every worker is held by a slow client: a free one would take the next.
      await("every worker holding a slow client, and slow clients waiting for a worker").atMost(Duration.ofSeconds(10))
          .until(() -> slow.stream().filter(socket -> ServerSide.of(socket) == ServerSide.State.UNREAD).count(),
              unread -> unread > 0 && slow.size() - unread >= workers);

      // A request queued behind the slow ones may be cut off with them (its own time runs while it
      // waits for a worker); once their time is up the workers are free and a new request is served.
      HttpClient client = HttpClient.newHttpClient();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
      int attempts = 0;
      HttpResponse<String> answer = null;
      while (answer == null) {
        attempts++;
        try {
          answer = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
              .header("x-bytebeam-tenant", "demo").header("x-bytebeam-api-key", adminKey).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"patient-" + attempts + "\",\"role\":\"viewer\"}")).build(),
              HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
          assertThat(Instant.now()).as("served again within 20 s of the slow clients").isBefore(deadline);
        }
      }

      assertThat(answer.statusCode()).isEqualTo(200);
      for (Socket socket : slow) {
        assertThat(closedByServer(socket)).as("a slow client's connection is closed by the server").isTrue();
      }
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
  }

  @Test
  void clientsThatDeclareABodyAndNeverSendItHoldNoWorkerAfterTheirAnswer() throws Exception {
    // Its own process, with the server's own defaults: the JDK reads its settings once per JVM.
    Process process = ServerProcess.command(List.of(), "--port", "0", "--memory").redirectErrorStream(true).start();
    List<Socket> stalled = new ArrayList<>();
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      ServerProcess.Banner banner = ServerProcess.Banner.read(reader);
      String url = banner.url();
      String adminKey = banner.adminKey();
      StringBuffer log = new StringBuffer();
      Thread drain = new Thread(() -> reader.lines().forEach(l -> log.append(l).append('\n')));
      drain.start();
      URI uri = URI.create(url);
      // Twice as many as the server has workers: each declares 60,000 bytes, sends none, and is
      // answered 401 at once. Before the fix the JDK then waited for the body on the worker, and a
      // normal request waited about 30 s (maxReqTime).
      for (int i = 0; i < 16; i++) {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("POST /api/v1/apikeys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 60000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        stalled.add(socket);
      }
      for (Socket socket : stalled) {
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(answer).as("answered, then closed by the server").startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
      }

      HttpClient client = HttpClient.newHttpClient();
      Instant started = Instant.now();
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .header("x-bytebeam-tenant", "demo").header("x-bytebeam-api-key", adminKey).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"patient\",\"role\":\"viewer\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      System.out.printf("a request behind 16 stalled bodies was answered in %d ms%n", Duration.between(started, Instant.now()).toMillis());

      // HEAD is answered as GET without a body, and the JDK's server has nothing to warn about.
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(401);
        assertThat(head.headers().firstValue("www-authenticate")).isPresent();
      }
      HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .header("x-bytebeam-tenant", "demo").header("x-bytebeam-api-key", adminKey)
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();

      // A body read to its end keeps the connection for the next request; one left unread closes it.
      try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
        socket.setSoTimeout(20_000);
        String refused = "POST /api/v1/apikeys HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        String list = "GET /api/v1/apikeys HTTP/1.1\r\nHost: x\r\nx-bytebeam-tenant: demo\r\nx-bytebeam-api-key: " + adminKey
            + "\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write((refused + list).getBytes(StandardCharsets.US_ASCII));
        String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(answers).startsWith("HTTP/1.1 401").contains("HTTP/1.1 200");
      }

      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      drain.join(20_000);
      assertThat(log.toString()).doesNotContain("WARNING").doesNotContain("sendResponseHeaders");
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
  }

  /** Whether the server has closed the connection: reading gives its end (or whatever it answered, then the end). */
  private static boolean closedByServer(Socket socket) {
    try {
      while (socket.getInputStream().read() >= 0) {
        // an answer to a cut-off body (400), if the server still wrote one
      }
      return true;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException);
    }
  }
}
