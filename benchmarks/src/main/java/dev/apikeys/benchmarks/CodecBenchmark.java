package dev.apikeys.benchmarks;

import dev.apikeys.core.CreatedApikey;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Per media type: the library's codec beside the raw library it is built on (Jackson into a {@code
 * Map}, transit-java's reader and writer, edn-java's parser and printer) and beside the Clojure
 * reference implementation (data.json, transit-clj, clojure.edn and {@code pr-str}), on the same
 * bytes and the same response. The request is {@code {name "ci", role "operator"}}, as a client
 * sends it; the response the four fields of a created key.
 *
 * <p>The library's decoder also does what the raw ones do not: strict UTF-8, a scan for runs of
 * digits, nesting limits, duplicate keys, a field map with string names and checked values.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class CodecBenchmark {
  static final UUID KEY = UUID.fromString("3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab");

  /** The bodies and values of one media type. */
  @State(Scope.Benchmark)
  public static class Bodies {
    @Param({"json", "transit+json", "transit+msgpack", "edn"})
    String format;

    Formats f;
    byte[] request;
    CreatedApikey created;
    Map<Object, Object> rawResponse;

    @Setup
    public void setUp() {
      f = Formats.of(format);
      request = f.request("ci", "operator");
      created = new CreatedApikey("operator", "ci", KEY, "key:0011223344556677");
      rawResponse = f.rawResponse("operator", "ci", KEY, "key:0011223344556677");
    }
  }

  /** The Clojure side: loaded only by the benchmarks that use it. */
  @State(Scope.Benchmark)
  public static class Reference {
    Object response;

    @Setup
    public void setUp() {
      response = Formats.Clojure.response("operator", "ci", KEY, "key:0011223344556677");
    }
  }

  @Benchmark
  @Baseline(value = "decodeRaw", target = 0.8, is = "the raw library's reader")
  @Baseline(value = "decodeClojure", target = 1.0, is = "the Clojure reference reader")
  public Map<String, Object> decode(Bodies b) {
    return b.f.codec.decode(b.request);
  }

  @Benchmark
  public Object decodeRaw(Bodies b) {
    return b.f.rawDecode(b.request);
  }

  @Benchmark
  public Object decodeClojure(Bodies b, Reference r) {
    return Formats.Clojure.decode(b.f, b.request);
  }

  @Benchmark
  @Baseline(value = "encodeRaw", target = 0.8, is = "the raw library's writer")
  @Baseline(value = "encodeClojure", target = 1.0, is = "the Clojure reference writer")
  public byte[] encode(Bodies b) {
    return b.f.codec.encode(b.created);
  }

  @Benchmark
  public byte[] encodeRaw(Bodies b) {
    return b.f.rawEncode(b.rawResponse);
  }

  @Benchmark
  public byte[] encodeClojure(Bodies b, Reference r) {
    return Formats.Clojure.encode(b.f, r.response);
  }
}
