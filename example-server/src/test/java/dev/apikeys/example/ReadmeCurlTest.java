package dev.apikeys.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apikeys.core.UnauthenticatedException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the README's curl commands against a live server, so that they cannot rot. */
class ReadmeCurlTest {
  static final String README_URL = "http://127.0.0.1:8080";

  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && List.of(path.split(File.pathSeparator)).stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }

  @Test
  void theReadmeCurlCommandsCreateListRotateAndRevokeKeys() throws Exception {
    assumeTrue(onPath("curl") && onPath("bash"), "curl and bash are needed to run the README's commands (apt-get install curl)");
    List<String> commands = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(l -> l.startsWith("curl ") && l.contains(README_URL + "/api/v1/apikeys"))
        .toList();
    assertThat(commands).as("curl commands in the README").hasSize(5);
    assertThat(commands.get(0)).contains("application/json", "-X POST");
    assertThat(commands.get(1)).contains("application/edn", "-X POST");
    assertThat(commands.get(2)).doesNotContain("-X ");
    assertThat(commands.get(3)).contains("-X POST", "/api/v1/apikeys/ci/rotate", "grace-seconds");
    assertThat(commands.get(4)).contains("-X DELETE", "/api/v1/apikeys/ci");

    try (ExampleServer server = ExampleServer.start(Options.parse("--memory", "--port", "0"))) {
      String adminKey = server.bootstrap().newKey().toString();
      List<String> created = new java.util.ArrayList<>();
      for (String command : commands) {
        String out = curl(command, server, adminKey);
        if (command.contains("/rotate")) {
          String key = out.replaceAll("(?s).*?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}).*", "$1");
          assertThat(out).contains("\"name\":\"ci\"", "\"previous-key-expires-at\":");
          assertThat(server.service().authenticate("demo", key).keyName()).contains("ci");
          assertThat(server.service().authenticate("demo", created.get(0)).keyName()).as("in its grace period").contains("ci");
          created.add(key);
        } else if (command.contains("-X POST")) {
          String key = out.replaceAll("(?s).*?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}).*", "$1");
          assertThat(server.service().authenticate("demo", UUID.fromString(key).toString())).isNotNull();
          created.add(key);
        } else if (command.contains("-X DELETE")) {
          assertThat(out).contains("\"revoked\":true");
          for (String ciKey : List.of(created.get(0), created.get(2))) { // the first ci key and the one it was rotated to
            assertThatThrownBy(() -> server.service().authenticate("demo", ciKey)).isInstanceOf(UnauthenticatedException.class);
          }
        } else {
          assertThat(out).contains("\"keys\":[", "\"name\":\"admin\"", "\"name\":\"ci\"", "\"name\":\"deploy\"");
        }
      }
    }
  }

  private static String curl(String command, ExampleServer server, String adminKey) throws Exception {
    String local = command.replace(README_URL, "http://127.0.0.1:" + server.port()) + " -w '\\n%{http_code}'";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", local).redirectErrorStream(true);
    pb.environment().put("ADMIN_KEY", adminKey);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out.strip()).as(command).endsWith("\n200");
    return out;
  }
}
