package dev.apikeys.benchmarks;

import dev.apikeys.cache.CachedApikeyStore;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * What the cache saves on the JDBC store: the service's authenticate on {@code
 * CachedApikeyStore.of(jdbcStore)}, every key already cached, beside the same service on the same
 * store (the same table, the same pool) without the cache, on H2 in memory, H2 in a file and
 * PostgreSQL. Here the baseline is the library's own uncached path, so the ratio is the speed-up.
 *
 * <p>The cache has no change feed: no other process writes to the benchmark's table, and a feed
 * changes nothing on a hit but a clock read (see BENCHMARKS.md). {@link JdbcStoreBenchmark}
 * compares the uncached path with raw JDBC.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class CachedJdbcStoreBenchmark {

  /** Keys made by the service on a table of the trial's own; threads rotate through them. */
  @State(Scope.Benchmark)
  public static class Authenticate {
    /** How many keys the store holds; the smoke run makes fewer. */
    @Param("2000")
    int count;

    @Param({"h2-mem", "h2-file", "postgresql"})
    String database;

    BenchDatabase db;
    CachedApikeyStore cached;
    ApikeyService service;
    ApikeyService uncached;
    String[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      db = BenchDatabase.open(database);
      cached = CachedApikeyStore.of(db.store);
      service = ApikeyService.ofDefaults(cached);
      uncached = ApikeyService.ofDefaults(db.store);
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      Caller admin = service.authenticate("acme", root.key().toString());
      keys = new String[count];
      for (int i = 0; i < count; i++) {
        keys[i] = service.create(admin, new ApikeyRequest("key-" + i, "viewer")).key().toString();
      }
      for (String key : keys) {
        service.authenticate("acme", key);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      long misses = cached.stats().misses();
      cached.close();
      db.close();
      if (misses > count + 1L) {
        throw new IllegalStateException("cached lookups reached the store while measured: " + misses + " misses");
      }
    }
  }

  /** Where each thread is in the key rotation; threads start apart. */
  @State(Scope.Thread)
  public static class Cursor {
    long next = Thread.currentThread().getId() * 7919;

    int advance(int length) {
      return (int) (next++ % length);
    }
  }

  @Benchmark
  @Baseline(value = "authenticateUncached", is = "the same authenticate without the cache: one SELECT by digest, same pool")
  public Caller authenticate(Authenticate s, Cursor c) {
    return s.service.authenticate("acme", s.keys[c.advance(s.keys.length)]);
  }

  @Benchmark
  public Caller authenticateUncached(Authenticate s, Cursor c) {
    return s.uncached.authenticate("acme", s.keys[c.advance(s.keys.length)]);
  }
}
