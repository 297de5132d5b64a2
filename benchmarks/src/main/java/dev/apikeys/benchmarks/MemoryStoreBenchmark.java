package dev.apikeys.benchmarks;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The two paths of the service on the memory store, each beside the raw JDK work it cannot avoid.
 *
 * <ul>
 *   <li>create: SecureRandom version-4 UUID + SHA-256 + {@code ConcurrentHashMap.putIfAbsent} of
 *       the digest (the index authentication needs) and the name
 *   <li>authenticate: SHA-256 of the presented key + {@code ConcurrentHashMap.get}
 * </ul>
 *
 * Create's store and the baseline's map start afresh every {@value Window#SIZE} keys, so both
 * sides measure the same map sizes. The service's {@code SecureRandom} and the baseline's are each
 * one instance shared by all threads, as a host has one service. {@link
 * MemoryStoreContendedBenchmark} runs the same with two threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class MemoryStoreBenchmark {
  private static final HexFormat HEX = HexFormat.of();

  /** The service, the baseline's map and the contract's maps, shared by all threads, each in a {@link Window}. */
  @State(Scope.Benchmark)
  public static class Create {
    final Caller caller = Caller.of("acme", "key:0011223344556677", "admin");
    final KeyGenerator keys = KeyGenerator.secureRandom();
    final SecureRandom random = new SecureRandom();
    final AtomicLong names = new AtomicLong();

    Window<ApikeyService> service;
    Window<ConcurrentHashMap<Raw.Digest, String>> baselineMap;
    Window<Contract> contract;

    @Setup(Level.Iteration)
    public void setUp() {
      service = new Window<>(() -> ApikeyService.builder().store(new MemoryApikeyStore()).keyGenerator(keys).build());
      baselineMap = new Window<>(ConcurrentHashMap::new);
      contract = new Window<>(Contract::new);
    }
  }

  /** The two indexes the store's contract needs, in raw JDK: by digest, and by name in order. */
  static final class Contract {
    final ConcurrentHashMap<Raw.Digest, String> byDigest = new ConcurrentHashMap<>();
    final ConcurrentSkipListMap<String, Raw.Digest> byName = new ConcurrentSkipListMap<>();
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

  /**
   * As {@link Authenticate}, in a store of its own (writing last uses replaces the stored records,
   * which would move the other benchmarks' keys about the heap), with last-use tracking on at an
   * interval longer than any trial, so that no key comes due again while it is measured.
   */
  @State(Scope.Benchmark)
  public static class Tracked {
    /** How many keys the store holds; the smoke run makes fewer. */
    @Param("10000")
    int count;

    ApikeyService service;
    String[] keys;

    @Setup(Level.Trial)
    public void setUp() {
      service = ApikeyService.builder().store(new MemoryApikeyStore()).lastUseInterval(Duration.ofHours(1)).build();
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      Caller admin = service.authenticate("acme", root.key().toString());
      keys = new String[count];
      for (int i = 0; i < count; i++) {
        keys[i] = service.create(admin, new ApikeyRequest("key-" + i, "viewer")).key().toString();
      }
      // Each key used once and the uses written, as they are within seconds of a first use: what
      // follows is the common case, a use within the interval of the last one written.
      for (String key : keys) {
        service.authenticate("acme", key);
      }
      service.flushLastUse();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      service.close();
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
  @Baseline(value = "createContractBaseline", is = "the same + key id (2nd SHA-256) + a sorted name index, raw JDK")
  public CreatedApikey create(Create s) {
    long n = s.names.incrementAndGet();
    return s.service.at(n).create(s.caller, new ApikeyRequest("k" + n, "viewer"));
  }

  /**
   * The raw JDK work of what create guarantees, beyond the baseline: the key id (a second
   * SHA-256, in hex), a name unique in the tenant (a second index, sorted for listings), the name
   * claimed only once the digest is.
   */
  @Benchmark
  public Object createContractBaseline(Create s, Sha sha) {
    long n = s.names.incrementAndGet();
    byte[] digest = sha.sha256.digest(Raw.version4(s.random));
    String keyId = HEX.formatHex(sha.sha256.digest(digest), 0, 8);
    Contract c = s.contract.at(n);
    Raw.Digest d = new Raw.Digest(digest);
    if (c.byDigest.putIfAbsent(d, keyId) != null) {
      return null;
    }
    return c.byName.putIfAbsent("k" + n, d);
  }

  @Benchmark
  public Object createBaseline(Create s, Sha sha) {
    long n = s.names.incrementAndGet();
    byte[] digest = sha.sha256.digest(Raw.version4(s.random));
    return s.baselineMap.at(n).putIfAbsent(new Raw.Digest(digest), "k" + n);
  }

  @Benchmark
  @Baseline(value = "authenticateBaseline", target = 0.7, is = "SHA-256 + ConcurrentHashMap.get")
  public Caller authenticate(Authenticate s, Cursor c) {
    return s.service.authenticate("acme", s.keys[c.advance(s.keys.length)]);
  }

  /**
   * With last-use tracking: each key is noted at most once per interval and written in a batch by
   * a background thread; a use within the interval after the last one written costs a clock read
   * and a comparison (and one map lookup while a use is noted but not yet written).
   */
  @Benchmark
  @Baseline(value = "authenticateBaseline", is = "SHA-256 + ConcurrentHashMap.get")
  @Baseline(value = "authenticate", is = "authenticate with last-use tracking off")
  public Caller authenticateTracked(Tracked s, Cursor c) {
    return s.service.authenticate("acme", s.keys[c.advance(s.keys.length)]);
  }

  @Benchmark
  public String authenticateBaseline(Authenticate s, Cursor c, Sha sha) {
    byte[] digest = sha.sha256.digest(s.keys[c.advance(s.keys.length)].getBytes(StandardCharsets.US_ASCII));
    return s.baselineMap.get(new Raw.Digest(digest));
  }
}
