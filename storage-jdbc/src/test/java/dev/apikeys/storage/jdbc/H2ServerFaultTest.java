package dev.apikeys.storage.jdbc;

import static dev.apikeys.storage.jdbc.JdbcStoreContract.assertUnavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.apikeys.core.StorageUnavailableException;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.tck.StoredKeys;
import dev.apikeys.testsupport.EvictOnConnectionFailure;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An H2 file database served over TCP, shut down with {@code SHUTDOWN} and its server stopped under
 * the store, then served again.
 */
class H2ServerFaultTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private Path baseDirectory;
  private int port;
  private Server server;
  private HikariDataSource pool;

  @BeforeEach
  void serve() throws Exception {
    baseDirectory = Files.createDirectories(Path.of("target", "h2-server").toAbsolutePath());
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    // A database of an earlier build that got the same port would still hold its rows.
    Files.deleteIfExists(baseDirectory.resolve("faults-" + port + ".mv.db"));
    Files.deleteIfExists(baseDirectory.resolve("faults-" + port + ".trace.db"));
    server = startServer();
  }

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.close();
    }
    server.stop();
  }

  @Test
  void shutDownDatabaseIsStorageUnavailableAndOnceServedAgainTheStoreWorksWithNoPartialRows() throws Exception {
    // H2 reports a connection to a closed database with SQLState 90121, which HikariCP does not take
    // for a broken connection: it replaces one only when it finds it dead on loan after half a
    // second idle. So the store is asked once a second; asked faster, the pool would keep handing
    // out the dead connections (next test).
    pool = pool(null);
    shutDownAndServeAgain(Duration.ofSeconds(1));
  }

  @Test
  void underSteadyTrafficThePoolRecoversWhenItEvictsOnConnectionExceptions() throws Exception {
    pool = pool(new EvictOnConnectionFailure()); // what the README advises for H2 servers behind HikariCP
    shutDownAndServeAgain(Duration.ofMillis(20));
  }

  private void shutDownAndServeAgain(Duration pollInterval) throws Exception {
    JdbiApikeyStore store = JdbiApikeyStore.create(pool).createSchemaIfMissing();
    assertThat(store.dialect()).isEqualTo(Dialect.H2);
    StoredApikey before = StoredKeys.key("acme", "before");
    StoredApikey during = StoredKeys.key("acme", "during");
    StoredApikey after = StoredKeys.key("acme", "after");
    assertThat(store.insert(before)).isEqualTo(InsertOutcome.INSERTED);

    try (Connection admin = DriverManager.getConnection(url());
        Statement statement = admin.createStatement()) {
      statement.execute("SHUTDOWN");
    }
    server.stop();

    assertUnavailable(() -> store.insert(during));
    assertUnavailable(() -> store.findByDigest("acme", before.digest()));
    assertUnavailable(() -> store.list("acme"));
    assertUnavailable(() -> store.delete("acme", "before"));

    server = startServer();

    awaitWorking(store, pollInterval);
    assertThat(store.list("acme")).containsExactly(before);
    assertThat(store.insert(after)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.insert(during)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.list("acme")).containsExactly(after, before, during);
  }

  private HikariDataSource pool(SQLExceptionOverride exceptionOverride) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setPoolName("apikeys-test-h2-server");
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(3_000); // generous: a loaded CI machine can take over a second to open a connection
    config.setValidationTimeout(1_000);
    if (exceptionOverride != null) {
      config.setExceptionOverride(exceptionOverride);
    }
    return new HikariDataSource(config);
  }

  private Server startServer() throws SQLException {
    // -ifNotExists lets the test create its database remotely; the server takes local connections only.
    return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", baseDirectory.toString(), "-ifNotExists")
        .start();
  }

  private String url() {
    return "jdbc:h2:tcp://127.0.0.1:" + port + "/faults-" + port;
  }

  /**
   * Waits until the pool has replaced its dead connections and the store works again, asking the
   * store once every {@code pollInterval}, as traffic at that rate would.
   */
  private static void awaitWorking(JdbiApikeyStore store, Duration pollInterval) {
    await("the store works again").atMost(DEADLINE).pollDelay(pollInterval).pollInterval(pollInterval).pollInSameThread()
        .ignoreException(StorageUnavailableException.class)
        .until(() -> {
          store.list("acme");
          return true;
        });
  }
}
