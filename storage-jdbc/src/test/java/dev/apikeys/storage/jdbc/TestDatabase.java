package dev.apikeys.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.testsupport.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A database for one test class, as a JUnit extension: connects before the class, creates a table
 * of its own (so that builds sharing a server never meet), drops it after.
 *
 * <p>PostgreSQL is the server at {@value #POSTGRES_URL_VARIABLE} when that is set, else an embedded
 * one shared by the run. MariaDB is the server at {@value #MARIADB_URL_VARIABLE}; without it the
 * class is skipped, saying so.
 */
final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
  static final String POSTGRES_URL_VARIABLE = "APIKEYS_TEST_POSTGRES_URL";
  static final String MARIADB_URL_VARIABLE = "APIKEYS_TEST_MARIADB_URL";

  static final String MARIADB_SKIPPED =
      "MariaDB tests skipped: to run them, set " + MARIADB_URL_VARIABLE
          + "=jdbc:mariadb://127.0.0.1:3306/test?user=root (.ci/start-mariadb.sh starts such a server)";

  private static final AtomicInteger POOLS = new AtomicInteger();

  enum Kind {
    H2_MEMORY,
    H2_FILE,
    POSTGRESQL,
    MARIADB
  }

  private final Kind kind;
  private final String table =
      "apikeys_t" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private String jdbcUrl;
  private DataSource dataSource;

  private TestDatabase(Kind kind) {
    this.kind = kind;
  }

  static TestDatabase h2Memory() {
    return new TestDatabase(Kind.H2_MEMORY);
  }

  static TestDatabase h2File() {
    return new TestDatabase(Kind.H2_FILE);
  }

  static TestDatabase postgres() {
    return new TestDatabase(Kind.POSTGRESQL);
  }

  static TestDatabase mariaDb() {
    return new TestDatabase(Kind.MARIADB);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    switch (kind) {
      case H2_MEMORY -> {
        jdbcUrl = "jdbc:h2:mem:" + table + ";DB_CLOSE_DELAY=-1";
        // The plain H2 data source, no pool: a new connection for every operation.
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(jdbcUrl);
        dataSource = h2;
      }
      case H2_FILE -> {
        jdbcUrl = "jdbc:h2:file:" + Path.of("target", "h2", table).toAbsolutePath();
        dataSource = newPool(4);
      }
      case POSTGRESQL -> {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        jdbcUrl = url != null && !url.isBlank() ? url : EmbeddedPostgresServer.shared(context).jdbcUrl();
        dataSource = newPool(4);
      }
      case MARIADB -> {
        String url = System.getenv(MARIADB_URL_VARIABLE);
        Assumptions.assumeTrue(url != null && !url.isBlank(), MARIADB_SKIPPED);
        jdbcUrl = url;
        dataSource = newPool(4);
      }
    }
    JdbiApikeyStore.builder(dataSource).table(table).build().createSchemaIfMissing();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (dataSource == null) {
      return;
    }
    try {
      execute("DROP TABLE IF EXISTS " + table);
      execute("DROP TABLE IF EXISTS " + table + "_changes");
    } finally {
      if (dataSource instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  /** A store on the class's data source and table, with the table emptied. */
  JdbiApikeyStore newStore() {
    execute("DELETE FROM " + table);
    if (kind != Kind.POSTGRESQL) {
      execute("DELETE FROM " + table + "_changes");
    }
    return JdbiApikeyStore.builder(dataSource).table(table).build();
  }

  /** A new HikariCP pool on this database; the caller closes it. */
  HikariDataSource newPool(int size) {
    return newPool(size, true);
  }

  /** A new HikariCP pool on this database handing out connections in the given auto-commit mode. */
  HikariDataSource newPool(int size, boolean autoCommit) {
    HikariConfig config = new HikariConfig();
    config.setAutoCommit(autoCommit);
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("apikeys-test-" + kind.name().toLowerCase(Locale.ROOT) + "-" + POOLS.incrementAndGet());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    config.setValidationTimeout(1_000);
    return new HikariDataSource(config);
  }

  Kind kind() {
    return kind;
  }

  Dialect dialect() {
    return switch (kind) {
      case H2_MEMORY, H2_FILE -> Dialect.H2;
      case POSTGRESQL -> Dialect.POSTGRESQL;
      case MARIADB -> Dialect.MARIADB;
    };
  }

  String table() {
    return table;
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** The number of rows in the class's table, counted over a connection of its own. */
  long rowCount() {
    return count("SELECT COUNT(*) FROM " + table);
  }

  long count(String sql) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /**
   * How many other sessions are waiting for a lock that the transaction on {@code holder} holds, as
   * the database itself reports it (H2's {@code INFORMATION_SCHEMA.SESSIONS}, PostgreSQL's {@code
   * pg_blocking_pids}, InnoDB's lock waits), asked over a connection of its own.
   */
  long sessionsWaitingFor(Connection holder) {
    String self = switch (kind) {
      case H2_MEMORY, H2_FILE -> "SELECT SESSION_ID()";
      case POSTGRESQL -> "SELECT pg_backend_pid()";
      case MARIADB -> "SELECT CONNECTION_ID()";
    };
    String waiting = switch (kind) {
      case H2_MEMORY, H2_FILE -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = ?";
      case POSTGRESQL -> "SELECT COUNT(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))";
      case MARIADB -> "SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS w"
          + " JOIN information_schema.INNODB_TRX t ON t.trx_id = w.blocking_trx_id WHERE t.trx_mysql_thread_id = ?";
    };
    long id;
    try (Statement statement = holder.createStatement();
        ResultSet row = statement.executeQuery(self)) {
      row.next();
      id = row.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(self, e);
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(waiting)) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(waiting, e);
    }
  }

  void execute(String sql) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /**
   * Writes a key as a store of the first schema version did: the seven columns of {@code V1}, none
   * of the lifecycle ones.
   */
  void insertVersion1Row(String table, StoredApikey key) {
    String sql =
        "INSERT INTO " + table + " (tenant, name, role, key_digest, key_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, key.tenant());
      insert.setString(2, key.name());
      insert.setString(3, key.role());
      insert.setBytes(4, key.digest().bytes());
      insert.setString(5, key.keyId());
      insert.setString(6, key.createdBy());
      dialect().bindInstant(insert, 7, key.createdAt());
      insert.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public String toString() {
    return kind + " table " + table;
  }
}
