package dev.apikeys.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded PostgreSQL for a whole benchmark run, so that each benchmark JVM does not start its
 * own: {@code java -cp benchmarks.jar dev.apikeys.benchmarks.EmbeddedPostgresServer URL_FILE}
 * starts it, writes its JDBC URL to the file, and stops it when its standard input closes or the
 * process is told to stop. {@code .ci/bench-smoke.sh} and {@link Report} use it.
 */
public final class EmbeddedPostgresServer {
  private EmbeddedPostgresServer() {}

  /**
   * Durability as a server's defaults give it (fsync on), except that a commit does not wait for
   * its WAL flush: the disk of a shared 2-core machine would otherwise be most of what is measured,
   * the same for both sides of each pair.
   */
  static EmbeddedPostgres start() throws IOException {
    return EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "off").start();
  }

  static String url(EmbeddedPostgres server) {
    return server.getJdbcUrl("postgres", "postgres");
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: EmbeddedPostgresServer URL_FILE");
      System.exit(2);
    }
    EmbeddedPostgres server = start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (IOException e) {
        System.err.println("stopping PostgreSQL: " + e.getMessage());
      }
    }, "embedded-postgres-stop"));
    Path file = Path.of(args[0]);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, url(server) + "\n", StandardCharsets.UTF_8);
    Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    // Runs until its standard input closes (the parent is gone) or it is told to stop.
    while (System.in.read() >= 0) {
      // ignore input
    }
    System.exit(0);
  }
}
