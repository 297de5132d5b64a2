package dev.apikeys.benchmarks;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The two paths of the service on the memory store, each beside the raw JDK work it cannot avoid.
 *
 * <ul>
 *   <li>create: SecureRandom version-4 UUID + SHA-256 + {@code ConcurrentHashMap.putIfAbsent}
 *   <li>authenticate: SHA-256 of the presented key + {@code ConcurrentHashMap.get}
 * </ul>
 *
 * Stores and maps are new each iteration, so create measures the same map sizes on both sides. The
 * service's {@code SecureRandom} and the baseline's are each one instance shared by all threads, as
 * a host has one service. {@link MemoryStoreContendedBenchmark} runs the same with two threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class MemoryStoreBenchmark {

  /** Per-iteration store and service, shared by all threads. */
  @State(Scope.Benchmark)
  public static class Create {
    ApikeyService service;
    Caller caller;
    final AtomicLong names = new AtomicLong();

    ConcurrentHashMap<String, byte[]> baselineMap;
    SecureRandom random;

    @Setup(Level.Iteration)
    public void setUp() {
      service = ApikeyService.ofDefaults(new MemoryApikeyStore());
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      caller = service.authenticate("acme", root.key().toString());
      baselineMap = new ConcurrentHashMap<>();
      random = new SecureRandom();
    }
  }

  /** Per-thread digest for the baseline, as the library keeps one per thread. */
  @State(Scope.Thread)
  public static class Sha {
    final MessageDigest sha256 = Raw.sha256();
  }

  /** Keys created once; threads rotate through them. */
  @State(Scope.Benchmark)
  public static class Authenticate {
    /** How many keys the store holds; the smoke run makes fewer. */
    @Param("10000")
    int count;

    ApikeyService service;
    String[] keys;
    ConcurrentHashMap<Raw.Digest, String> baselineMap;

    @Setup(Level.Trial)
    public void setUp() {
      service = ApikeyService.ofDefaults(new MemoryApikeyStore());
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      Caller admin = service.authenticate("acme", root.key().toString());
      keys = new String[count];
      baselineMap = new ConcurrentHashMap<>();
      MessageDigest sha = Raw.sha256();
      for (int i = 0; i < count; i++) {
        keys[i] = service.create(admin, new ApikeyRequest("key-" + i, "viewer")).key().toString();
        baselineMap.put(new Raw.Digest(sha.digest(keys[i].getBytes(StandardCharsets.US_ASCII))), "acme");
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
  @Baseline(value = "createBaseline", target = 0.7, is = "SecureRandom v4 UUID + SHA-256 + ConcurrentHashMap.putIfAbsent")
  public CreatedApikey create(Create s) {
    return s.service.create(s.caller, new ApikeyRequest("k" + s.names.incrementAndGet(), "viewer"));
  }

  @Benchmark
  public Object createBaseline(Create s, Sha sha) {
    byte[] digest = sha.sha256.digest(Raw.version4(s.random));
    return s.baselineMap.putIfAbsent("k" + s.names.incrementAndGet(), digest);
  }

  @Benchmark
  @Baseline(value = "authenticateBaseline", target = 0.7, is = "SHA-256 + ConcurrentHashMap.get")
  public Caller authenticate(Authenticate s, Cursor c) {
    return s.service.authenticate("acme", s.keys[c.advance(s.keys.length)]);
  }

  @Benchmark
  public String authenticateBaseline(Authenticate s, Cursor c, Sha sha) {
    byte[] digest = sha.sha256.digest(s.keys[c.advance(s.keys.length)].getBytes(StandardCharsets.US_ASCII));
    return s.baselineMap.get(new Raw.Digest(digest));
  }
}
