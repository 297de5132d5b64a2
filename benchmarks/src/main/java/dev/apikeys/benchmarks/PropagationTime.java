package dev.apikeys.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.cache.CachedApikeyStore;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.storage.jdbc.JdbiApikeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.h2.tools.Server;

/**
 * The time from a revoke on one instance to the first refusal of that key on another: two
 * instances in one JVM, each with its own pool, store, cache and change feed, on one database.
 * Not a JMH benchmark: it measures a distribution of delays, not a throughput. For each round it
 * creates a key on A, waits until B answers it from its cache and then a random 0 to 250 ms,
 * revokes it on A, and polls B every 50 µs until B refuses it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.apikeys.benchmarks.PropagationTime [rounds]
 * </pre>
 *
 * PostgreSQL (LISTEN/NOTIFY) is the server of {@code APIKEYS_BENCH_POSTGRES_URL} or an embedded
 * one; H2 (polling every 200 ms) runs in server mode in this JVM; MariaDB (polling) runs when
 * {@code APIKEYS_BENCH_MARIADB_URL} names a server.
 */
public final class PropagationTime {
  private PropagationTime() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path h2Directory = Files.createTempDirectory("apikeys-propagation-h2-");
    Server h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", h2Directory.toString(), "-ifNotExists").start();
    try {
      measure("postgresql, LISTEN/NOTIFY", BenchDatabase.postgresUrlForTools(), rounds);
      measure("h2 server, polling", "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/propagation", rounds);
      String mariaDb = System.getenv("APIKEYS_BENCH_MARIADB_URL");
      if (mariaDb != null && !mariaDb.isBlank()) {
        measure("mariadb, polling", mariaDb, rounds);
      } else {
        System.out.println("mariadb: skipped (set APIKEYS_BENCH_MARIADB_URL)");
      }
    } finally {
      h2.stop();
    }
  }

  private static void measure(String label, String url, int rounds) throws Exception {
    String table = "apikeys_p" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    List<AutoCloseable> closeables = new ArrayList<>();
    try {
      Instance a = new Instance(url, table, closeables);
      Instance b = new Instance(url, table, closeables);
      CreatedApikey root = a.service.createFirstKey("acme", new ApikeyRequest("root", "admin")).orElseThrow();
      Caller admin = a.service.authenticate("acme", root.key().toString());
      while (!b.cache.isServingFromCache()) {
        LockSupport.parkNanos(1_000_000);
      }
      long[] micros = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        CreatedApikey key = a.service.create(admin, new ApikeyRequest("k" + i, "viewer"));
        // Until b answers from its cache: the insert's own change may drop the first entry.
        long hits;
        do {
          hits = b.cache.stats().hits();
          b.service.authenticate("acme", key.key().toString());
        } while (b.cache.stats().hits() == hits);
        // At a random point of the feeds' cycle: the wait above ends just after a poll.
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(Duration.ofMillis(250).toNanos()));
        a.service.revoke(admin, "k" + i);
        long revoked = System.nanoTime();
        while (!b.refuses(key)) {
          LockSupport.parkNanos(50_000);
        }
        micros[i] = (System.nanoTime() - revoked) / 1_000;
      }
      Arrays.sort(micros);
      System.out.printf("%s: %d revokes, refused on the other instance after p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          label, rounds, at(micros, 0.50), at(micros, 0.90), at(micros, 0.99), micros[rounds - 1] / 1000.0);
    } finally {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        closeables.get(i).close();
      }
    }
  }

  private static double at(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
  }

  /** One instance of a host. */
  private static final class Instance {
    final CachedApikeyStore cache;
    final ApikeyService service;

    Instance(String url, String table, List<AutoCloseable> closeables) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(4);
      config.setPoolName("apikeys-propagation");
      HikariDataSource pool = new HikariDataSource(config);
      closeables.add(pool);
      JdbiApikeyStore store = JdbiApikeyStore.builder(pool).table(table).build().createSchemaIfMissing();
      cache = CachedApikeyStore.builder(store).changeFeed(store.changeFeed()).maxStaleness(Duration.ofSeconds(1)).build();
      closeables.add(cache);
      service = ApikeyService.builder().store(cache).build();
      closeables.add(service);
    }

    boolean refuses(CreatedApikey key) {
      try {
        service.authenticate("acme", key.key().toString());
        return false;
      } catch (UnauthenticatedException e) {
        return true;
      }
    }
  }
}
