package dev.apikeys.benchmarks;

import dev.apikeys.cache.CachedApikeyStore;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * The service on {@code CachedApikeyStore.of(new MemoryApikeyStore())}, every digest already
 * cached, beside the raw JDK work of {@link MemoryStoreBenchmark}'s authenticate baseline:
 *
 * <ul>
 *   <li>authenticate: a key the cache holds vs SHA-256 + {@code ConcurrentHashMap.get}; and, for
 *       information, vs the same service on the memory store without the cache;
 *   <li>unknownDigest: a random key already refused once, so the cache answers that the tenant has
 *       no such key (the refusal included) vs SHA-256 + {@code ConcurrentHashMap.get} of a key the
 *       map does not hold;
 *   <li>authenticateSampled: authenticate again in JMH's sample-time mode, for its percentiles
 *       (p99 target below 1 µs), beside the baseline in the same mode. {@link Report} prints
 *       p50/p99/p99.9 from the samples of every fork.
 * </ul>
 *
 * Everything is looked up once in the trial's setup, so each measured call is a hit, and nothing is
 * evicted: the tear-down fails the trial if a measured call reached the store. The cache holds the
 * {@code count} keys, {@code count} unknown digests and the bootstrap key, and {@code bound} is
 *
 * <ul>
 *   <li>{@code default}: the default bound of keys, 100,000, so 10 % full at 10,000 keys, and the
 *       unknown digests a quarter full. Caffeine records no reads while a cache is under half its bound (its
 *       frequency sketch is not yet allocated): a hit is a hash-map read;
 *   <li>{@code full}: both caches bounded at what they hold, as they are once traffic has filled
 *       them (the unknown digests' by a flood of random keys). Every read is then recorded in a read buffer that Caffeine drains on
 *       the common fork-join pool into its frequency sketch and its access order.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class CachedStoreBenchmark {

  /** Keys created once, and as many random keys that no tenant has; threads rotate through them. */
  @State(Scope.Benchmark)
  public static class Authenticate {
    /** How many keys the store holds, and how many unknown keys are cached; the smoke run makes fewer. */
    @Param("10000")
    int count;

    /** The cache's bound: {@code default} (100,000) or {@code full} (what it holds). */
    @Param({"default", "full"})
    String bound;

    CachedApikeyStore cached;
    ApikeyService service;
    ApikeyService uncached;
    String[] keys;
    String[] unknownKeys;
    ConcurrentHashMap<Raw.Digest, String> baselineMap;

    @Setup(Level.Trial)
    public void setUp() {
      MemoryApikeyStore memory = new MemoryApikeyStore();
      cached = switch (bound) {
        // Room for the unknown digests too: the default bound of unknown digests is 10,000.
        case "default" -> CachedApikeyStore.builder(memory).maximumUnknownSize(4L * count).build();
        case "full" -> CachedApikeyStore.builder(memory).maximumSize(count + 2L).maximumUnknownSize(count + 2L).build();
        default -> throw new IllegalArgumentException("bound: default or full, not " + bound);
      };
      service = ApikeyService.ofDefaults(cached);
      uncached = ApikeyService.ofDefaults(memory);
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      Caller admin = service.authenticate("acme", root.key().toString());
      keys = new String[count];
      unknownKeys = new String[count];
      baselineMap = new ConcurrentHashMap<>();
      MessageDigest sha = Raw.sha256();
      SplittableRandom random = new SplittableRandom(count);
      for (int i = 0; i < count; i++) {
        keys[i] = service.create(admin, new ApikeyRequest("key-" + i, "viewer")).key().toString();
        baselineMap.put(new Raw.Digest(sha.digest(keys[i].getBytes(StandardCharsets.US_ASCII))), "acme");
        unknownKeys[i] = new UUID(random.nextLong(), random.nextLong()).toString();
      }
      // The warm cache: every key and every unknown key looked up once.
      for (int i = 0; i < count; i++) {
        service.authenticate("acme", keys[i]);
        if (refused(service, unknownKeys[i]) == null) {
          throw new IllegalStateException("a random key was accepted");
        }
      }
    }

    /** Checks that the measured calls were answered by the cache, not the store. */
    @TearDown(Level.Trial)
    public void tearDown() {
      long misses = cached.stats().misses();
      // The setup's lookups: the bootstrap admin, every key, every unknown key.
      if (misses > 2L * count + 1 || cached.stats().evictions() > 0) {
        throw new IllegalStateException("lookups reached the store while measured: " + cached.stats());
      }
    }
  }

  /** Per-thread digest for the baselines. */
  @State(Scope.Thread)
  public static class Sha {
    final MessageDigest sha256 = Raw.sha256();
  }

  /** Where each thread is in the key rotation; threads start apart. */
  @State(Scope.Thread)
  public static class Cursor {
    long next = Thread.currentThread().getId() * 7919;

    int advance(int length) {
      return (int) (next++ % length);
    }
  }

  static UnauthenticatedException refused(ApikeyService service, String key) {
    try {
      service.authenticate("acme", key);
      return null;
    } catch (UnauthenticatedException e) {
      return e;
    }
  }

  @Benchmark
  @Baseline(value = "authenticateBaseline", target = 0.7, is = "SHA-256 + ConcurrentHashMap.get")
  @Baseline(value = "authenticateUncached", is = "the same service on the memory store, no cache")
  public Caller authenticate(Authenticate s, Cursor c) {
    return s.service.authenticate("acme", s.keys[c.advance(s.keys.length)]);
  }

  @Benchmark
  public Caller authenticateUncached(Authenticate s, Cursor c) {
    return s.uncached.authenticate("acme", s.keys[c.advance(s.keys.length)]);
  }

  /** As {@link MemoryStoreBenchmark#authenticateBaseline}. */
  @Benchmark
  public String authenticateBaseline(Authenticate s, Cursor c, Sha sha) {
    byte[] digest = sha.sha256.digest(s.keys[c.advance(s.keys.length)].getBytes(StandardCharsets.US_ASCII));
    return s.baselineMap.get(new Raw.Digest(digest));
  }

  /** A key no tenant has, refused from the cache's memory that the tenant has no such key. */
  @Benchmark
  @Baseline(value = "unknownDigestBaseline", is = "SHA-256 + ConcurrentHashMap.get of a missing key")
  public Object unknownDigest(Authenticate s, Cursor c) {
    return refused(s.service, s.unknownKeys[c.advance(s.unknownKeys.length)]);
  }

  @Benchmark
  public String unknownDigestBaseline(Authenticate s, Cursor c, Sha sha) {
    byte[] digest = sha.sha256.digest(s.unknownKeys[c.advance(s.unknownKeys.length)].getBytes(StandardCharsets.US_ASCII));
    return s.baselineMap.get(new Raw.Digest(digest));
  }

  /** {@link #authenticate}, each call timed on its own: JMH's percentiles of it. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @Baseline(value = "authenticateBaselineSampled", is = "SHA-256 + ConcurrentHashMap.get")
  @LatencyTarget(percentile = 99, belowNanos = 1_000)
  public Caller authenticateSampled(Authenticate s, Cursor c) {
    return s.service.authenticate("acme", s.keys[c.advance(s.keys.length)]);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public String authenticateBaselineSampled(Authenticate s, Cursor c, Sha sha) {
    byte[] digest = sha.sha256.digest(s.keys[c.advance(s.keys.length)].getBytes(StandardCharsets.US_ASCII));
    return s.baselineMap.get(new Raw.Digest(digest));
  }
}
