package dev.apikeys.storage.jdbc;

import static dev.apikeys.storage.jdbc.JdbcStoreContract.assertUnavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.core.StorageUnavailableException;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.tck.StoredKeys;
import dev.apikeys.testsupport.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL server that goes away under the store and comes back. It has a server of its
 * own, since it stops it; the store uses its default table.
 */
class PostgresServerFaultTest {
  private static final int WRITERS = 4;
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private static EmbeddedPostgresServer server;

  private HikariDataSource pool;
  private JdbiApikeyStore store;

  @BeforeAll
  static void startServer() {
    server = EmbeddedPostgresServer.startNew();
  }

  @AfterAll
  static void removeServer() {
    server.close();
  }

  @BeforeEach
  void emptyStore() {
    pool = pool("");
    store = JdbiApikeyStore.create(pool).createSchemaIfMissing();
    assertThat(store.table()).isEqualTo("apikeys");
    for (StoredApikey key : store.list("acme")) {
      store.delete(key.tenant(), key.name());
    }
  }

  @AfterEach
  void closePool() {
    pool.close();
  }

  @Test
  void serverStoppedWhileKeysAreInsertedIsStorageUnavailableAndAfterARestartEveryRowIsWhole() throws Exception {
    Map<String, StoredApikey> attempted = new ConcurrentHashMap<>();
    Map<String, StoredApikey> inserted = new ConcurrentHashMap<>();
    AtomicInteger unavailable = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> running = new ArrayList<>();
    Instant deadline = Instant.now().plus(DEADLINE);
    try {
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        running.add(
            writers.submit(
                () -> {
                  // Write until the server has been down long enough for every writer to notice.
                  for (int i = 0; unavailable.get() < 2 * WRITERS && Instant.now().isBefore(deadline); i++) {
                    StoredApikey key = StoredKeys.key("acme", "writer-" + writer + "-key-" + i);
                    attempted.put(key.name(), key);
                    try {
                      assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
                      inserted.put(key.name(), key);
                    } catch (StorageUnavailableException e) {
                      unavailable.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      awaitUntil(() -> inserted.size() >= 50, "some keys inserted before the stop");

      server.stop();

      for (Future<?> writer : running) {
        writer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      writers.shutdownNow();
    }
    assertThat(unavailable.get()).as("inserts refused while the server was down").isGreaterThanOrEqualTo(2 * WRITERS);
    assertUnavailable(() -> store.list("acme"));
    assertUnavailable(() -> store.findByDigest("acme", inserted.values().iterator().next().digest()));
    assertUnavailable(() -> store.insert(StoredKeys.key("acme", "while-down")));

    server.start();

    awaitUntil(() -> works(store), "the store works again once the server is back");
    Map<String, StoredApikey> stored =
        store.list("acme").stream().collect(Collectors.toMap(StoredApikey::name, Function.identity()));
    // Every key reported inserted is there; every row there is a key as it was attempted, whole.
    // A key whose commit was cut off may be there too: its insert failed after the server wrote it.
    assertThat(stored).containsAllEntriesOf(inserted);
    assertThat(attempted).containsAllEntriesOf(stored);
    assertThat(stored).doesNotContainKey("while-down");
    StoredApikey after = StoredKeys.key("acme", "after-restart");
    assertThat(store.insert(after)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findByDigest("acme", after.digest())).contains(after);
  }

  @Test
  void lockWaitTimeOutIsStorageUnavailableAndWritesNothing() throws Exception {
    StoredApikey key = StoredKeys.key("acme", "contended");
    try (HikariDataSource impatient = pool("SET lock_timeout = '200ms'");
        Connection other = DriverManager.getConnection(server.jdbcUrl())) {
      JdbiApikeyStore onImpatient = JdbiApikeyStore.create(impatient);
      // Another transaction inserts the same name and holds on to it, uncommitted.
      other.setAutoCommit(false);
      try (PreparedStatement insert =
          other.prepareStatement(
              "INSERT INTO apikeys (tenant, name, role, key_digest, key_id, created_by, created_at)"
                  + " VALUES ('acme', 'contended', 'operator', ?, 'held', 'key:other', now())")) {
        insert.setBytes(1, StoredKeys.key("acme", "contended").digest().bytes());
        insert.executeUpdate();
      }

      assertUnavailable(() -> onImpatient.insert(key));

      other.rollback();
      assertThat(onImpatient.insert(key)).isEqualTo(InsertOutcome.INSERTED);
      assertThat(store.list("acme")).containsExactly(key);
    }
  }

  @Test
  void exhaustedPoolTimingOutIsStorageUnavailable() throws Exception {
    try (HikariDataSource one = pool("", 1);
        Connection held = one.getConnection()) {
      assertThat(held.isValid(1)).isTrue();
      JdbiApikeyStore onOne = JdbiApikeyStore.builder(one).dialect(Dialect.POSTGRESQL).build();

      assertUnavailable(() -> onOne.insert(StoredKeys.key("acme", "no-connection")));
    }
    assertThat(store.list("acme")).isEmpty();
  }

  private static boolean works(JdbiApikeyStore store) {
    try {
      store.list("acme");
      return true;
    } catch (StorageUnavailableException e) {
      return false;
    }
  }

  private static HikariDataSource pool(String connectionInitSql) {
    return pool(connectionInitSql, WRITERS);
  }

  private static HikariDataSource pool(String connectionInitSql, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.jdbcUrl());
    config.setPoolName("apikeys-test-postgres-faults");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(3_000); // generous: a loaded CI machine can take over a second to open a connection
    config.setValidationTimeout(1_000);
    if (!connectionInitSql.isEmpty()) {
      config.setConnectionInitSql(connectionInitSql);
    }
    return new HikariDataSource(config);
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
    await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
  }

}
