package dev.apikeys.benchmarks;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The two paths of the service on the memory store, each beside the raw JDK work it cannot avoid.
 *
 * <ul>
 *   <li>create: SecureRandom version-4 UUID + SHA-256 + {@code ConcurrentHashMap.putIfAbsent}
 *   <li>authenticate: SHA-256 of the presented key + {@code ConcurrentHashMap.get}
 * </ul>
 *
 * Stores and maps are new each iteration, so create measures the same map sizes on both sides.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemoryStoreBenchmark {
  static final int KEYS = 10_000;

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
    MessageDigest sha256;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
      sha256 = MessageDigest.getInstance("SHA-256");
    }
  }

  /** Keys created once; threads rotate through them. */
  @State(Scope.Benchmark)
  public static class Authenticate {
    ApikeyService service;
    String[] keys;
    ConcurrentHashMap<Digest, String> baselineMap;

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
      service = ApikeyService.ofDefaults(new MemoryApikeyStore());
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      Caller admin = service.authenticate("acme", root.key().toString());
      keys = new String[KEYS];
      baselineMap = new ConcurrentHashMap<>();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < KEYS; i++) {
        keys[i] = service.create(admin, new ApikeyRequest("key-" + i, "viewer")).key().toString();
        baselineMap.put(new Digest(sha.digest(keys[i].getBytes(StandardCharsets.US_ASCII))), "acme");
      }
    }
  }

  /** Where each thread is in the key rotation. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      int i = next;
      next = i + 1 == KEYS ? 0 : i + 1;
      return i;
    }
  }

  @Benchmark
  public CreatedApikey create(Create s) {
    return s.service.create(s.caller, new ApikeyRequest("k" + s.names.incrementAndGet(), "viewer"));
  }

  @Benchmark
  public Object createBaseline(Create s, Sha sha) {
    byte[] b = new byte[16];
    s.random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    byte[] digest = sha.sha256.digest(b);
    return s.baselineMap.putIfAbsent("k" + s.names.incrementAndGet(), digest);
  }

  @Benchmark
  public Caller authenticate(Authenticate s, Cursor c) {
    return s.service.authenticate("acme", s.keys[c.advance()]);
  }

  @Benchmark
  public String authenticateBaseline(Authenticate s, Cursor c, Sha sha) {
    byte[] digest = sha.sha256.digest(s.keys[c.advance()].getBytes(StandardCharsets.US_ASCII));
    return s.baselineMap.get(new Digest(digest));
  }

  /** A map key over digest bytes, as any digest-keyed map needs. */
  record Digest(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Digest d && java.util.Arrays.equals(bytes, d.bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }
  }

}
