package dev.apikeys.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleServerCommandLineTest {
  @TempDir Path dir;

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ExampleServer.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  String url() {
    return "jdbc:h2:file:" + dir.resolve("apikeys").toAbsolutePath();
  }

  @Test
  void helpPrintsUsage() {
    Run r = run("--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("--port", "--jdbc-url", "--memory", "--tenant", "--admin-key", "create-key");
  }

  @Test
  void badOptionsAreOneLineAndExitTwo() {
    for (String[] args : List.of(
        new String[] {"--port", "http"},
        new String[] {"--port", "70000"},
        new String[] {"--bogus"},
        new String[] {"--port"},
        new String[] {"--memory", "--jdbc-url", "jdbc:h2:mem:x"},
        new String[] {"--admin-key", "1-1-1-1-1"},
        new String[] {"create-key", "--name", "x"},
        new String[] {"launch"})) {
      Run r = run(args);
      assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().lines()).as(String.join(" ", args)).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("apikeys-example-server: "));
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  @Test
  void aBadAdminKeyIsNotEchoed() {
    Run r = run("--admin-key", "s3cr3t-n0t-a-uuid");
    assertThat(r.err()).doesNotContain("s3cr3t");
  }

  @Test
  void aTakenPortIsOneLineAndExitOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r = run("--memory", "--port", String.valueOf(taken.getLocalPort()));
      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()));
    }
  }

  @Test
  void anUnreachableDatabaseIsOneLineAndExitOne() {
    Run r = run("--port", "0", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nowhere?user=x&password=hunter2&connectTimeout=2");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().lines()).singleElement().satisfies(l -> assertThat(l).startsWith("apikeys-example-server: cannot open the database"));
    assertThat(r.err()).doesNotContain("hunter2");
  }

  @Test
  void createKeyPrintsAKeyTheServerAccepts() throws Exception {
    Run created = run("create-key", "--jdbc-url", url(), "--tenant", "acme", "--name", "ops", "--role", "admin");
    assertThat(created.status()).as(created.err()).isZero();
    String key = created.out().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(UUID.fromString(key).version()).isEqualTo(4);

    try (ExampleServer server = ExampleServer.start(Options.parse("--port", "0", "--jdbc-url", url(), "--tenant", "acme"))) {
      assertThat(server.service().authenticate("acme", key).role()).isEqualTo("admin");
    }
    Run again = run("create-key", "--jdbc-url", url(), "--tenant", "acme", "--name", "ops", "--role", "admin");
    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err()).contains("already exists");
    Run invalid = run("create-key", "--jdbc-url", url(), "--tenant", "acme", "--name", " x", "--role", "root");
    assertThat(invalid.status()).isEqualTo(1);
    assertThat(invalid.err().lines()).singleElement().satisfies(l -> assertThat(l).contains("name", "role"));
  }

  @Test
  void auditEventsAreOneLineEachAndHoldNoKey() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    UUID admin = UUID.randomUUID();
    try (ExampleServer server = ExampleServer.start(Options.parse("--memory", "--port", "0", "--admin-key", admin.toString()),
        new PrintStream(log, true, StandardCharsets.UTF_8))) {
      var created = server.service().create(server.service().authenticate("demo", admin.toString()),
          new dev.apikeys.core.ApikeyRequest("ci", "operator"));
      org.assertj.core.api.Assertions.catchThrowable(() -> server.service().authenticate("demo\nforged", UUID.randomUUID().toString()));
      String text = log.toString(StandardCharsets.UTF_8);
      assertThat(text.lines()).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("audit action="));
      assertThat(text.lines().toList().get(0)).contains("action=create outcome=success", "actor=\"bootstrap\"", "target=\"admin\"");
      assertThat(text.lines().toList().get(1)).contains("action=create outcome=success", "target=\"ci\"");
      assertThat(text.lines().toList().get(2)).contains("action=authenticate outcome=refused error=unauthenticated",
          "tenant=\"demo\\u000aforged\"");
      assertThat(text).doesNotContain(admin.toString()).doesNotContain(created.key().toString());
    }
  }

  @Test
  void aGivenAdminKeyIsUsedOnlyWhileTheTenantHasNoKey() throws Exception {
    UUID admin = UUID.randomUUID();
    String[] args = {"--port", "0", "--jdbc-url", url(), "--admin-key", admin.toString()};
    try (ExampleServer server = ExampleServer.start(Options.parse(args))) {
      assertThat(server.bootstrap().newKey()).isNull();
      assertThat(server.service().authenticate("demo", admin.toString()).role()).isEqualTo("admin");
    }
    try (ExampleServer server = ExampleServer.start(Options.parse(args))) {
      assertThat(server.bootstrap().existing()).isTrue();
    }
    UUID other = UUID.randomUUID();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (ExampleServer server = ExampleServer.start(Options.parse("--port", "0", "--jdbc-url", url(), "--admin-key", other.toString()),
        new PrintStream(log, true, StandardCharsets.UTF_8))) {
      assertThat(server.bootstrap().existing()).isTrue();
      assertThat(log.toString(StandardCharsets.UTF_8).lines())
          .containsExactly("the admin key given is ignored: tenant 'demo' already has keys, and a first admin key is made only for a tenant without any");
      assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(other.toString());
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> server.service().authenticate("demo", other.toString())))
          .isSameAs(dev.apikeys.core.UnauthenticatedException.instance());
    }
  }

  @Test
  void aRevokedAdminKeyStaysRevokedWhenTheServerRestartsWithIt() throws Exception {
    UUID leaked = UUID.randomUUID();
    String[] args = {"--port", "0", "--jdbc-url", url(), "--admin-key", leaked.toString()};
    try (ExampleServer server = ExampleServer.start(Options.parse(args))) {
      var service = server.service();
      var second = service.create(service.authenticate("demo", leaked.toString()), new dev.apikeys.core.ApikeyRequest("admin-2", "admin"));
      service.revoke(service.authenticate("demo", second.key().toString()), Options.ADMIN_NAME);
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> service.authenticate("demo", leaked.toString())))
          .isSameAs(dev.apikeys.core.UnauthenticatedException.instance());
    }
    try (ExampleServer server = ExampleServer.start(Options.parse(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      assertThat(server.bootstrap().existing()).isTrue();
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> server.service().authenticate("demo", leaked.toString())))
          .as("a revoked admin key is not brought back by a restart")
          .isSameAs(dev.apikeys.core.UnauthenticatedException.instance());
    }
  }

  @Test
  void aRestartWithoutAnAdminKeyMakesNoNewAdminForATenantWithKeys() throws Exception {
    UUID first;
    try (ExampleServer server = ExampleServer.start(Options.parse("--port", "0", "--jdbc-url", url()))) {
      first = server.bootstrap().newKey();
      var service = server.service();
      var second = service.create(service.authenticate("demo", first.toString()), new dev.apikeys.core.ApikeyRequest("admin-2", "admin"));
      service.revoke(service.authenticate("demo", second.key().toString()), Options.ADMIN_NAME);
    }
    try (ExampleServer server = ExampleServer.start(Options.parse("--port", "0", "--jdbc-url", url()))) {
      assertThat(server.bootstrap().newKey()).as("no admin key is printed for a tenant that has keys").isNull();
      assertThat(server.bootstrap().existing()).isTrue();
    }
  }

  @Test
  void theAdminKeyMustBeARandomUuid() {
    for (String key : List.of("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "c232ab00-9414-11ec-b3c8-9f6bdeced846", // version 1
        "3f6c1f0e-9a4b-4c1d-0e2f-0123456789ab", // version 4, NCS variant
        "3f6c1f0e-9a4b-4c1d-ce2f-0123456789ab", // version 4, Microsoft variant
        "3f6c1f0e9a4b4c1d8e2f0123456789ab")) {
      Run r = run("--memory", "--port", "0", "--admin-key", key);
      assertThat(r.status()).as(key).isEqualTo(2);
      assertThat(r.err().lines()).as(key).singleElement()
          .satisfies(l -> assertThat(l).contains("--admin-key takes a random (version 4) UUID").doesNotContain(key));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Options.parse(java.util.Map.of(Options.ADMIN_KEY_VARIABLE, "00000000-0000-0000-0000-000000000000"), "--memory"))
        .isInstanceOf(Options.UsageException.class)
        .hasMessageStartingWith(Options.ADMIN_KEY_VARIABLE + " takes a random (version 4) UUID")
        .hasMessageNotContaining("00000000-0000");
  }

  @Test
  void theAdminKeyCanComeFromTheEnvironmentAndTheCommandLineWins() throws Exception {
    UUID fromEnvironment = UUID.randomUUID();
    UUID fromCommandLine = UUID.randomUUID();
    java.util.Map<String, String> environment = java.util.Map.of(Options.ADMIN_KEY_VARIABLE, fromEnvironment.toString().toUpperCase(java.util.Locale.ROOT));
    assertThat(Options.parse(environment, "--memory").adminKey()).isEqualTo(fromEnvironment);
    assertThat(Options.parse(environment, "--memory", "--admin-key", fromCommandLine.toString()).adminKey()).isEqualTo(fromCommandLine);
    assertThat(Options.parse(java.util.Map.of(Options.ADMIN_KEY_VARIABLE, ""), "--memory").adminKey()).isNull();
    assertThat(Options.parse(environment, "--memory").toString()).doesNotContain(fromEnvironment.toString())
        .doesNotContainIgnoringCase(fromEnvironment.toString());
    try (ExampleServer server = ExampleServer.start(Options.parse(environment, "--memory", "--port", "0"))) {
      assertThat(server.service().authenticate("demo", fromEnvironment.toString()).role()).isEqualTo("admin");
    }
  }

  @Test
  void aDatabaseFileHeldByAnotherProcessIsOneLineAndExitOne() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        ExampleServer.class.getName(), "--port", "0", "--jdbc-url", url()));
    Process first = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      // Wait for the first server to say it listens: then it holds the file.
      var reader = new java.io.BufferedReader(new java.io.InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null && !line.contains("listening on")) {
        // skip
      }
      assertThat(line).as("first server started").isNotNull();
      Run second = run("--port", "0", "--jdbc-url", url());
      assertThat(second.status()).isEqualTo(1);
      assertThat(second.err().lines()).singleElement().satisfies(l -> assertThat(l).contains("in use by another process"));
    } finally {
      first.destroy();
      assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }
}
