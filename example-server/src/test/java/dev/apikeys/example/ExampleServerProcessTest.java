package dev.apikeys.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as its own process: start-up output, a request in flight across SIGTERM, restart. */
class ExampleServerProcessTest {

  @TempDir Path dir;

  @Test
  void sigtermLetsTheRequestInFlightFinishAndLosesNothing() throws Exception {
    ServerSide.assumeVisible();
    String jdbcUrl = "jdbc:h2:file:" + dir.resolve("apikeys").toAbsolutePath();
    Process process = ServerProcess.command(List.of(), "--port", "0", "--jdbc-url", jdbcUrl).redirectErrorStream(true).start();
    BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      ServerProcess.Banner banner = ServerProcess.Banner.read(reader);
      String url = banner.url();
      String adminKey = banner.adminKey();
      assertThat(String.join("\n", banner.lines())).contains("tenant: demo", "curl -s -X POST");

      // Keep reading its output on a thread of its own, through the shutdown.
      StringBuffer rest = new StringBuffer();
      Thread drain = new Thread(() -> reader.lines().forEach(l -> rest.append(l).append('\n')));
      drain.start();

      // A request whose body is half sent when SIGTERM arrives: it must still be answered.
      URI uri = URI.create(url);
      byte[] json = "{\"name\":\"in-flight\",\"role\":\"viewer\"}".getBytes(StandardCharsets.UTF_8);
      String response;
      try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getAuthority()
            + "\r\nx-bytebeam-tenant: demo\r\nx-bytebeam-api-key: " + adminKey
            + "\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: " + json.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        // The head and a few bytes of the body: a worker reads them all at once, parsing the head.
        out.write(json, 0, 5);
        out.flush();
        await("the server has read the head").atMost(Duration.ofSeconds(10))
            .until(() -> ServerSide.of(socket), state -> state == ServerSide.State.READ);
        // More of the body: only the handler reads it, so once it is read the request is in flight.
        out.write(json, 5, 5);
        out.flush();
        await("the handler is reading the body").atMost(Duration.ofSeconds(10))
            .until(() -> ServerSide.of(socket), state -> state == ServerSide.State.READ);
        // SIGTERM, as Ctrl-C or a service manager sends it; Process.destroy() would also close our
        // end of the server's output, and the shutdown's last line would be lost.
        assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor()).isZero();
        // The shutdown begins by closing the listener.
        await("the server has stopped listening").atMost(Duration.ofSeconds(10))
            .until(() -> ServerSide.refusesConnections(uri.getHost(), uri.getPort()));
        assertThat(ServerSide.of(socket)).as("the request in flight still has its connection").isEqualTo(ServerSide.State.READ);
        out.write(json, 10, json.length - 10);
        out.flush();
        response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(response).startsWith("HTTP/1.1 200");
      String createdKey = UUID.fromString(response.replaceAll("(?s).*\"key\":\"([^\"]+)\".*", "$1")).toString();

      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(143);
      drain.join(10_000);
      assertThat(rest.toString()).contains("apikeys example server stopped").doesNotContain("Exception");

      try (ExampleServer again = ExampleServer.start(Options.parse("--port", "0", "--jdbc-url", jdbcUrl))) {
        assertThat(again.service().authenticate("demo", createdKey).role()).isEqualTo("viewer");
        assertThat(again.service().authenticate("demo", adminKey).role()).isEqualTo("admin");
      }
    } finally {
      process.destroyForcibly();
    }
  }
}
