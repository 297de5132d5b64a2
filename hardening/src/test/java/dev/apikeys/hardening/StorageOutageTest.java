package dev.apikeys.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.jdbc.JdbiApikeyStore;
import dev.apikeys.testsupport.EmbeddedPostgresServer;
import dev.apikeys.testsupport.EvictOnConnectionFailure;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database goes away under traffic through the endpoint and comes back: an H2 database served
 * over TCP is shut down and its server stopped; the embedded PostgreSQL server is stopped (a fast
 * shutdown, sessions cut off). Writers keep posting creates in all four formats the whole time.
 *
 * <p>While it is down every answer is 503 {@code storage-unavailable}, the same bytes per format,
 * with no key in it; once it is back, creates succeed again without restarting anything. After:
 * every 200's key is stored whole and authenticates; every stored row is a 200's key or the key of
 * a request that was answered 503 because its commit was cut off (nobody has such a key); no row is
 * half-written.
 */
class StorageOutageTest {
  private static final int WRITERS = 4;
  private static final Duration DEADLINE = Duration.ofSeconds(45);

  @RegisterExtension static final Database.Servers SERVERS = new Database.Servers();

  @Test
  void h2ShutDownUnderTrafficAnswers503ThenRecoversWithNothingLostOrHalfWritten() throws Exception {
    Path base = Files.createDirectories(Path.of("target", "h2-outage").toAbsolutePath());
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/outage-" + port;
    Server[] server = {h2Server(port, base)};
    // what the README advises for H2 served over TCP behind HikariCP under steady traffic
    try (HikariDataSource pool = pool(url, new EvictOnConnectionFailure())) {
      run("H2 (TCP server)", pool, () -> {
        try (Connection admin = DriverManager.getConnection(url);
            Statement statement = admin.createStatement()) {
          statement.execute("SHUTDOWN");
        }
        server[0].stop();
      }, () -> server[0] = h2Server(port, base));
    } finally {
      server[0].stop();
    }
  }

  @Test
  void postgresStoppedUnderTrafficAnswers503ThenRecoversWithNothingLostOrHalfWritten() throws Exception {
    EmbeddedPostgresServer postgres = SERVERS.postgres();
    try (HikariDataSource pool = pool(postgres.jdbcUrl(), null)) {
      run("PostgreSQL", pool, postgres::stop, postgres::start);
    } finally {
      if (!postgres.running()) {
        postgres.start(); // for the test classes after this one
      }
    }
  }

  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  /** One answer to one writer's request. */
  record Outcome(String name, int status, UUID key) {}

  private void run(String database, HikariDataSource pool, Step outage, Step restore) throws Exception {
    String table = "outage_" + Long.toString(System.nanoTime(), 36);
    JdbiApikeyStore store = JdbiApikeyStore.builder(pool).table(table).build().createSchemaIfMissing();
    ApikeyService service = ApikeyService.builder().auditSink(Hosts::audit).store(store).keyGenerator(KeyRegistry.recording()).build();
    AtomicInteger reported = new AtomicInteger();
    ApikeyEndpoint endpoint = ApikeyEndpoint.builder().service(service).errorListener(t -> {
      reported.incrementAndGet();
      Hosts.log(t);
    }).build();
    CreatedApikey admin = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    Map<String, byte[]> unavailableBodies = new ConcurrentHashMap<>();
    List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger unavailable = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> running = new ArrayList<>();
    Instant deadline = Instant.now().plus(DEADLINE);
    int okAfterRestore;
    try {
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        running.add(writers.submit(() -> {
          for (int i = 0; !stop.get() && Instant.now().isBefore(deadline); i++) {
            Codec codec = Codec.all().get(i % 4);
            String name = "w" + writer + "-" + i;
            EndpointResponse response = endpoint.handle(Hosts.post(codec, "acme", admin.key().toString(), name, "viewer"));
            Map<String, Object> body = codec.decode(response.body());
            if (response.status() == 200) {
              outcomes.put(name, new Outcome(name, 200, UUID.fromString(body.get("key").toString())));
              ok.incrementAndGet();
            } else if (response.status() == 503 && "storage-unavailable".equals(body.get("error"))) {
              outcomes.put(name, new Outcome(name, 503, null));
              unavailable.incrementAndGet();
              byte[] previous = unavailableBodies.putIfAbsent(codec.contentType(), response.body());
              if (previous != null && !java.util.Arrays.equals(previous, response.body())) {
                unexpected.add("two different 503 bodies in " + codec.mediaType());
              }
              Thread.sleep(5); // a client backing off
            } else {
              unexpected.add(name + ": " + response.status() + " " + body);
            }
          }
          return null;
        }));
      }
      awaitUntil(() -> ok.get() >= 12, "creates succeed before the outage");

      outage.run();
      int unavailableAtOutage = unavailable.get();
      awaitUntil(() -> unavailable.get() >= unavailableAtOutage + 2 * WRITERS, "the writers are answered 503 while it is down");
      // Probes in every format, at once: each may wait out the pool's connection time-out.
      Codec.all().parallelStream().forEach(codec -> {
        EndpointResponse down = endpoint.handle(Hosts.post(codec, "acme", admin.key().toString(), "while-down", "viewer"));
        assertThat(down.status()).isEqualTo(503);
        assertThat(codec.decode(down.body())).containsEntry("error", "storage-unavailable");
      });

      restore.run();
      int okAtRestore = ok.get();
      awaitUntil(() -> ok.get() >= okAtRestore + 12, "creates succeed again once it is back, with nothing restarted");
      okAfterRestore = ok.get() - okAtRestore;
    } finally {
      stop.set(true);
      for (Future<?> f : running) {
        f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
      writers.shutdownNow();
    }

    assertThat(unexpected).as("answers other than 200 and 503").isEmpty();
    for (byte[] body : unavailableBodies.values()) {
      Secrets.assertNoKeyIn("a 503 body", body);
    }
    assertThat(reported.get()).as("every 503 reported to the error listener").isGreaterThanOrEqualTo(unavailable.get());
    Map<String, StoredApikey> stored = store.list("acme").stream().collect(Collectors.toMap(StoredApikey::name, k -> k));
    // Every 200 is stored, whole, and its key authenticates.
    for (Outcome o : outcomes.values()) {
      if (o.status() == 200) {
        assertThat(stored).as("the key answered for %s", o.name()).containsKey(o.name());
        assertThat(stored.get(o.name()).digest()).isEqualTo(KeyDigest.ofKey(o.key()));
        assertThat(service.authenticate("acme", o.key().toString()).role()).isEqualTo("viewer");
      }
    }
    // Every row is the admin, a 200, or a request answered 503 whose commit was cut off.
    long cutOff = 0;
    for (StoredApikey row : stored.values()) {
      if (row.name().equals("root")) {
        continue;
      }
      Outcome o = outcomes.get(row.name());
      assertThat(o).as("the row %s was asked for", row.name()).isNotNull();
      if (o.status() == 503) {
        cutOff++;
      }
    }
    assertThat(stored).doesNotContainKey("while-down");
    assertRowsWhole(pool, table);
    long answered200 = outcomes.values().stream().filter(o -> o.status() == 200).count();
    long answered503 = outcomes.values().stream().filter(o -> o.status() == 503).count();
    System.out.printf(Locale.ROOT, "outage of %s under %d writers through the endpoint: 1 outage injected; %d creates: %d answered 200"
            + " (%d of them after it came back, nothing restarted), %d answered 503 (plus 4 probes while down); %d rows besides the"
            + " admin, all whole: every 200, and %d for a 503 whose commit was cut off%n",
        database, WRITERS, outcomes.size(), answered200, okAfterRestore, answered503, stored.size() - 1, cutOff);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE " + table);
    }
  }

  private static void assertRowsWhole(HikariDataSource pool, String table) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        var rows = s.executeQuery("SELECT tenant, name, role, key_digest, key_id, created_by, created_at FROM " + table)) {
      int n = 0;
      while (rows.next()) {
        for (int column = 1; column <= 7; column++) {
          assertThat(rows.getObject(column)).as("column %d", column).isNotNull();
        }
        assertThat(rows.getBytes(4)).hasSize(KeyDigest.LENGTH);
        assertThat(rows.getString(5)).isEqualTo(KeyDigest.of(rows.getBytes(4)).fingerprint());
        n++;
      }
      assertThat(n).isPositive();
    }
  }

  private static Server h2Server(int port, Path base) throws SQLException {
    return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", base.toString(), "-ifNotExists").start();
  }

  private static HikariDataSource pool(String url, SQLExceptionOverride override) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("hardening-outage");
    config.setMaximumPoolSize(WRITERS);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(3_000); // generous: a loaded CI machine can take over a second to open a connection
    config.setValidationTimeout(1_000);
    if (override != null) {
      config.setExceptionOverride(override);
    }
    return new HikariDataSource(config);
  }

  private static void awaitUntil(BooleanSupplier condition, String what) {
    await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
  }

}
