package dev.apikeys.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.storage.jdbc.JdbiApikeyStore;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import dev.apikeys.testsupport.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A store for one test on each kind of storage: the memory store, an H2 file database, PostgreSQL
 * (the module's embedded server) and MariaDB (at {@value #MARIADB_URL_VARIABLE}, else skipped).
 * Each JDBC store gets a table of its own, dropped on close, so that builds sharing a server never
 * meet.
 */
final class Database implements AutoCloseable {
  static final String MARIADB_URL_VARIABLE = "APIKEYS_TEST_MARIADB_URL";

  /** The kinds of storage. */
  enum Kind {
    MEMORY,
    H2,
    POSTGRESQL,
    MARIADB
  }

  /** Registered by each test class as a static extension: gives the run's PostgreSQL server to the databases it opens. */
  static final class Servers implements BeforeAllCallback {
    private EmbeddedPostgresServer postgres;

    @Override
    public void beforeAll(ExtensionContext context) {
      postgres = EmbeddedPostgresServer.shared(context);
    }

    EmbeddedPostgresServer postgres() {
      return postgres;
    }

    Database open(Kind kind) {
      return Database.open(kind, this, 8);
    }

    Database open(Kind kind, int poolSize) {
      return Database.open(kind, this, poolSize);
    }
  }

  private final Kind kind;
  private final String table;
  private final HikariDataSource pool;
  private final ApikeyStore store;

  private Database(Kind kind, String table, HikariDataSource pool, ApikeyStore store) {
    this.kind = kind;
    this.table = table;
    this.pool = pool;
    this.store = store;
  }

  private static Database open(Kind kind, Servers servers, int poolSize) {
    String table = "hardening_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    String url = switch (kind) {
      case MEMORY -> null;
      case H2 -> "jdbc:h2:file:" + Path.of("target", "h2", table).toAbsolutePath();
      case POSTGRESQL -> servers.postgres().jdbcUrl();
      case MARIADB -> {
        String mariadb = System.getenv(MARIADB_URL_VARIABLE);
        Assumptions.assumeTrue(mariadb != null && !mariadb.isBlank(),
            "MariaDB skipped: set " + MARIADB_URL_VARIABLE + "=jdbc:mariadb://127.0.0.1:3306/test?user=root");
        yield mariadb;
      }
    };
    if (url == null) {
      return new Database(kind, null, null, new MemoryApikeyStore());
    }
    HikariDataSource pool = pool(url, kind.name().toLowerCase(Locale.ROOT) + "-" + table, poolSize);
    JdbiApikeyStore store = JdbiApikeyStore.builder(pool).table(table).build().createSchemaIfMissing();
    return new Database(kind, table, pool, store);
  }

  static HikariDataSource pool(String url, String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("hardening-" + name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    config.setValidationTimeout(1_000);
    return new HikariDataSource(config);
  }

  Kind kind() {
    return kind;
  }

  ApikeyStore store() {
    return store;
  }

  /** The number of keys stored, in every tenant. */
  long rowCount() {
    if (pool == null) {
      return ((MemoryApikeyStore) store).size();
    }
    return query("SELECT COUNT(*) FROM " + table, rows -> {
      rows.next();
      return rows.getLong(1);
    });
  }

  /**
   * Checks every row as the database has it, not as the store maps it: every column set, a 32-byte
   * digest, the key id that digest gives, a known role. Nothing half-written.
   */
  void assertEveryRowIsWhole() {
    if (pool == null) {
      return; // the memory store keeps records, which cannot be half made
    }
    query("SELECT tenant, name, role, key_digest, key_id, created_by, created_at FROM " + table, rows -> {
      while (rows.next()) {
        for (int column = 1; column <= 7; column++) {
          assertThat(rows.getObject(column)).as("column %d of a row of %s", column, kind).isNotNull();
        }
        byte[] digest = rows.getBytes(4);
        assertThat(digest).hasSize(KeyDigest.LENGTH);
        assertThat(rows.getString(5)).isEqualTo(KeyDigest.of(digest).fingerprint());
        assertThat(rows.getString(3)).isIn("viewer", "operator", "admin");
        assertThat(rows.getString(6)).matches("bootstrap|key:[0-9a-f]{16}");
      }
      return null;
    });
  }

  @FunctionalInterface
  interface RowsFunction<T> {
    T apply(ResultSet rows) throws SQLException;
  }

  <T> T query(String sql, RowsFunction<T> function) {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return function.apply(rows);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    if (pool == null) {
      return;
    }
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      pool.close();
    }
  }

  @Override
  public String toString() {
    return kind.name();
  }
}
