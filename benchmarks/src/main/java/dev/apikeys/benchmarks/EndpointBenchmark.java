package dev.apikeys.benchmarks;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.EndpointRequest;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.codecs.Headers;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
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
 * The whole transport-neutral endpoint on the memory store, one successful create per call:
 * authenticate + negotiate + decode + validate + create + encode, in each media type (request and
 * response in the same one).
 *
 * <p>The baseline is the raw work of the same request strung together with no checks at all:
 * SHA-256 + {@code ConcurrentHashMap.get} for the caller, the raw library's reader, SecureRandom v4
 * UUID + SHA-256 + {@code putIfAbsent}, the raw library's writer. Both sides build the same body
 * (a new name each call) the same way.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class EndpointBenchmark {
  /**
   * The endpoint and the baseline's map, each in a {@link Window}: the store starts afresh, with
   * only the admin key, every {@value Window#SIZE} requests, and so does the baseline's map.
   */
  @State(Scope.Benchmark)
  public static class Server {
    @Param({"json", "transit+json", "transit+msgpack", "edn"})
    String format;

    Formats f;
    StoredApikey admin;
    Headers headers;
    final KeyGenerator keyGenerator = KeyGenerator.secureRandom();
    final AtomicLong names = new AtomicLong();

    ConcurrentHashMap<Raw.Digest, String> callers;
    Window<ApikeyEndpoint> endpoint;
    Window<ConcurrentHashMap<Raw.Digest, Object>> keys;
    final SecureRandom random = new SecureRandom();

    @Setup(Level.Trial)
    public void setUp() {
      f = Formats.of(format);
      MemoryApikeyStore store = new MemoryApikeyStore();
      ApikeyService service = ApikeyService.builder().store(store).keyGenerator(keyGenerator).build();
      String adminKey = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin")).key().toString();
      admin = store.findByDigest("acme", KeyDigest.ofKey(UUID.fromString(adminKey))).orElseThrow();
      String mediaType = f.codec.mediaType().toString();
      headers = Map.of(
          "x-bytebeam-tenant", "acme",
          "x-bytebeam-api-key", adminKey,
          "content-type", mediaType,
          "accept", mediaType)::get;
      callers = new ConcurrentHashMap<>();
      callers.put(new Raw.Digest(Raw.sha256().digest(adminKey.getBytes(StandardCharsets.US_ASCII))), "acme");
    }

    @Setup(Level.Iteration)
    public void newWindows() {
      endpoint = new Window<>(this::newEndpoint);
      keys = new Window<>(ConcurrentHashMap::new);
    }

    private ApikeyEndpoint newEndpoint() {
      MemoryApikeyStore store = new MemoryApikeyStore();
      store.insert(admin);
      return ApikeyEndpoint.builder()
          .service(ApikeyService.builder().store(store).keyGenerator(keyGenerator).build())
          .build();
    }
  }

  /** Per-thread digest for the baseline. */
  @State(Scope.Thread)
  public static class Sha {
    final MessageDigest sha256 = Raw.sha256();
  }

  @Benchmark
  @Baseline(value = "handleBaseline", is = "raw: SHA-256 + get, raw reader, v4 UUID + SHA-256 + putIfAbsent, raw writer")
  public EndpointResponse handle(Server s) {
    long n = s.names.incrementAndGet();
    byte[] body = s.f.request("k" + n, "viewer");
    EndpointResponse response = s.endpoint.at(n).handle(EndpointRequest.of("POST", ApikeyEndpoint.PATH, s.headers, body));
    if (response.status() != 200) {
      throw new IllegalStateException("status " + response.status() + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response;
  }

  @Benchmark
  public byte[] handleBaseline(Server s, Sha sha) {
    long n = s.names.incrementAndGet();
    byte[] body = s.f.request("k" + n, "viewer");
    String tenant = s.callers.get(new Raw.Digest(sha.sha256.digest(
        s.headers.get("x-bytebeam-api-key").getBytes(StandardCharsets.US_ASCII))));
    Map<?, ?> request = (Map<?, ?>) s.f.rawDecode(body);
    String name = (String) request.get(s.f.rawKey("name"));
    String role = (String) request.get(s.f.rawKey("role"));
    byte[] key = Raw.version4(s.random);
    s.keys.at(n).putIfAbsent(new Raw.Digest(sha.sha256.digest(key)), tenant);
    return s.f.rawEncode(s.f.rawResponse(role, name, Raw.uuid(key), "key:0011223344556677"));
  }
}
