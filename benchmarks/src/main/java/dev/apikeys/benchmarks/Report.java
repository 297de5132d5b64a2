package dev.apikeys.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;
import org.openjdk.jmh.util.MultisetStatistics;

/**
 * Runs the benchmarks in interleaved rounds and turns JMH's results into the ratio tables of
 * BENCHMARKS.md.
 *
 * <pre>
 * java -cp benchmarks.jar dev.apikeys.benchmarks.Report run [--quick] [--rounds N] [--out DIR] [REGEX...]
 * java -cp benchmarks.jar dev.apikeys.benchmarks.Report table RESULT.json...
 * </pre>
 *
 * <p>{@code run}: each round runs every benchmark method once, in one fork of its own, in name
 * order on odd rounds and in reverse order on even ones, so that a slow minute of a shared machine
 * falls on the library and its baseline alike rather than on whichever ran first. Each round's
 * results go to {@code DIR/round-N.json} (JMH's own format); then the table is printed and written
 * to {@code DIR/ratios.md}. Full mode: 3 rounds of 3 × 1 s warm-up and 5 × 1 s measurement, with
 * JMH's GC profiler for the allocation per operation. Quick mode: 1 round of 1 × 200 ms each.
 *
 * <p>{@code table}: pools the iterations of every fork in the given JMH JSON files (any JMH run
 * with {@code -rf json} will do) per benchmark and parameters, and for each pair declared with
 * {@link Baseline} prints both means with their 99.9 % confidence half-widths and the ratio
 * baseline/library (for times; library/baseline for throughputs), its error propagated to first
 * order from both.
 *
 * <p>Benchmarks run in JMH's sample-time mode pair the same way (their means per iteration are the
 * samples); a second table gives their percentiles, with JMH's own percentile arithmetic over the
 * histograms of every iteration of every fork pooled, and the bound of each {@link LatencyTarget}.
 */
public final class Report {
  static final List<Class<?>> BENCHMARKS = List.of(
      MemoryStoreBenchmark.class, MemoryStoreContendedBenchmark.class,
      KeyGeneratorBenchmark.class, KeyGeneratorContendedBenchmark.class,
      JdbcStoreBenchmark.class, JdbcStoreContendedBenchmark.class,
      CachedStoreBenchmark.class, CachedJdbcStoreBenchmark.class,
      CodecBenchmark.class, EndpointBenchmark.class, RefusalTimingBenchmark.class);

  private Report() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 1 && args[0].equals("run")) {
      run(Arrays.asList(args).subList(1, args.length));
    } else if (args.length >= 2 && args[0].equals("table")) {
      boolean requirePairs = args[1].equals("--require-pairs");
      List<Path> files = Arrays.stream(args, requirePairs ? 2 : 1, args.length).map(Path::of).toList();
      List<String> missing = new ArrayList<>();
      System.out.print(table(files, missing));
      if (requirePairs && !missing.isEmpty()) {
        System.err.println("pairs without both sides: " + missing);
        System.exit(1);
      }
    } else {
      System.err.println("usage: Report run [--quick] [--rounds N] [--out DIR] [REGEX...]"
          + " | Report table [--require-pairs] RESULT.json...");
      System.exit(2);
    }
  }

  // ---------------------------------------------------------------------------------------- run

  private static void run(List<String> args) throws Exception {
    boolean quick = false;
    int rounds = -1;
    Path out = Path.of("target", "benchmarks");
    List<Pattern> filters = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--quick" -> quick = true;
        case "--rounds" -> rounds = Integer.parseInt(args.get(++i));
        case "--out" -> out = Path.of(args.get(++i));
        default -> filters.add(Pattern.compile(args.get(i)));
      }
    }
    if (rounds < 0) {
      rounds = quick ? 1 : 3;
    }
    Files.createDirectories(out);
    List<String> methods = methods(filters);
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("no benchmark matches " + filters);
    }

    String postgresUrl = null;
    Process postgres = null;
    if (methods.stream().anyMatch(m -> m.contains("JdbcStore"))) {
      postgresUrl = System.getProperty(BenchDatabase.POSTGRES_URL_PROPERTY, System.getenv(BenchDatabase.POSTGRES_URL_VARIABLE));
      if (postgresUrl == null || postgresUrl.isBlank()) {
        postgres = startPostgres(out);
        postgresUrl = Files.readString(out.resolve("postgres.url")).strip();
      }
    }
    try {
      List<Path> results = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        List<String> order = new ArrayList<>(methods);
        if (round % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        List<RunResult> roundResults = new ArrayList<>();
        Path log = out.resolve("round-" + round + ".log");
        for (String method : order) {
          System.err.printf(Locale.ROOT, "round %d/%d: %s%n", round, rounds, method);
          roundResults.addAll(runOne(method, quick, postgresUrl, log));
        }
        Path json = out.resolve("round-" + round + ".json");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
          ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(roundResults);
        }
        results.add(json);
      }
      String table = table(results, new ArrayList<>());
      Files.writeString(out.resolve("ratios.md"), table, StandardCharsets.UTF_8);
      System.out.print(table);
    } finally {
      if (postgres != null) {
        postgres.destroy();
        postgres.waitFor();
      }
    }
  }

  private static Collection<RunResult> runOne(String method, boolean quick, String postgresUrl, Path log)
      throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include("^" + Pattern.quote(method) + "$")
        .forks(1)
        .shouldFailOnError(true)
        .output(log.toString());
    if (quick) {
      options.warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
          .measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
    } else {
      options.warmupIterations(3).warmupTime(TimeValue.seconds(1))
          .measurementIterations(5).measurementTime(TimeValue.seconds(1))
          .addProfiler(GCProfiler.class);
    }
    if (postgresUrl != null) {
      options.jvmArgsAppend("-D" + BenchDatabase.POSTGRES_URL_PROPERTY + "=" + postgresUrl);
    }
    // The log is overwritten by each Runner; keep them all.
    Path single = Path.of(log + ".part");
    options.output(single.toString());
    Collection<RunResult> results = new Runner(options.build()).run();
    try {
      Files.write(log, Files.readAllBytes(single), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      Files.delete(single);
    } catch (IOException e) {
      System.err.println("could not keep the log: " + e.getMessage());
    }
    return results;
  }

  /** Starts one embedded PostgreSQL for the whole run, in a process of its own. */
  private static Process startPostgres(Path out) throws IOException, InterruptedException {
    Path urlFile = out.resolve("postgres.url");
    Files.deleteIfExists(urlFile);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        EmbeddedPostgresServer.class.getName(), urlFile.toString())
        .redirectOutput(out.resolve("postgres.log").toFile())
        .redirectErrorStream(true)
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(urlFile)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroy();
        throw new IOException("embedded PostgreSQL did not start: see " + out.resolve("postgres.log"));
      }
      Thread.sleep(100);
    }
    return p;
  }

  /** {@code fqcn.method} of every benchmark method matching one of the filters (all if none). */
  static List<String> methods(List<Pattern> filters) {
    List<String> names = new ArrayList<>();
    for (Class<?> c : BENCHMARKS) {
      for (Method m : c.getMethods()) {
        if (m.isAnnotationPresent(Benchmark.class)) {
          String name = c.getName() + "." + m.getName();
          if (filters.isEmpty() || filters.stream().anyMatch(f -> f.matcher(name).find())) {
            names.add(name);
          }
        }
      }
    }
    names.sort(Comparator.naturalOrder());
    return names;
  }

  // -------------------------------------------------------------------------------------- table

  /** One benchmark with one set of parameters, pooled over every fork of every file. */
  static final class Measured {
    final String benchmark;
    final Map<String, String> params;
    final String mode;
    final String unit;
    final int threads;
    final List<Double> samples = new ArrayList<>();
    final List<Double> allocation = new ArrayList<>();
    /** Every sampled time, in sample-time mode; empty in the other modes. */
    final MultisetStatistics histogram = new MultisetStatistics();

    Measured(String benchmark, Map<String, String> params, String mode, String unit, int threads) {
      this.benchmark = benchmark;
      this.params = params;
      this.mode = mode;
      this.unit = unit;
      this.threads = threads;
    }

    double mean() {
      return stats(samples).getMean();
    }

    double error() {
      ListStatistics s = stats(samples);
      return s.getN() > 1 ? s.getMeanErrorAt(0.999) : Double.NaN;
    }

    Double bytesPerOp() {
      return allocation.isEmpty() ? null : stats(allocation).getMean();
    }

    private static ListStatistics stats(List<Double> values) {
      return new ListStatistics(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  /**
   * The markdown tables of every declared pair found in the files; each pair whose library side is
   * there but whose baseline is not goes to {@code missing}.
   */
  static String table(List<Path> files, List<String> missing) throws IOException {
    Map<String, Measured> measured = new LinkedHashMap<>();
    JsonMapper json = JsonMapper.builder().build();
    for (Path file : files) {
      for (JsonNode run : json.readTree(file.toFile())) {
        Map<String, String> params = new TreeMap<>();
        run.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        String benchmark = run.get("benchmark").asText();
        JsonNode primary = run.get("primaryMetric");
        Measured m = measured.computeIfAbsent(key(benchmark, params),
            k -> new Measured(benchmark, params, run.get("mode").asText(), primary.get("scoreUnit").asText(),
                run.get("threads").asInt()));
        for (JsonNode fork : primary.path("rawData")) {
          fork.forEach(v -> m.samples.add(v.asDouble()));
        }
        // Sample-time mode: per fork, per iteration, [time, how many times] pairs.
        for (JsonNode fork : primary.path("rawDataHistogram")) {
          for (JsonNode iteration : fork) {
            double sum = 0;
            long n = 0;
            for (JsonNode bin : iteration) {
              double value = bin.get(0).asDouble();
              long times = bin.get(1).asLong();
              m.histogram.addValue(value, times);
              sum += value * times;
              n += times;
            }
            if (n > 0) {
              m.samples.add(sum / n);
            }
          }
        }
        JsonNode alloc = run.path("secondaryMetrics").path("gc.alloc.rate.norm").path("rawData");
        for (JsonNode fork : alloc) {
          fork.forEach(v -> m.allocation.add(v.asDouble()));
        }
      }
    }

    StringBuilder out = new StringBuilder();
    String currentClass = null;
    // One section per class, in the order classes first appear, whatever the order of the runs
    // (JMH runs all of one mode before the next).
    Map<String, List<Measured>> byClass = new LinkedHashMap<>();
    for (Measured m : measured.values()) {
      byClass.computeIfAbsent(className(m.benchmark), k -> new ArrayList<>()).add(m);
    }
    List<Measured> grouped = byClass.values().stream().flatMap(List::stream).toList();
    for (Measured library : grouped) {
      Method method = method(library.benchmark);
      if (method == null) {
        continue;
      }
      for (Baseline baseline : method.getAnnotationsByType(Baseline.class)) {
        String baselineName = className(library.benchmark) + "." + baseline.value();
        Measured base = measured.get(key(baselineName, library.params));
        if (base == null) {
          missing.add(library.benchmark + library.params + " vs " + baseline.value());
          continue;
        }
        String cls = simpleClass(library.benchmark);
        if (!cls.equals(currentClass)) {
          currentClass = cls;
          out.append("\n#### ").append(cls).append(" (").append(library.threads)
              .append(library.threads == 1 ? " thread" : " threads").append(")\n\n");
          out.append("| benchmark | params | library | baseline | is | ratio ± error | target | B/op library | B/op baseline |\n");
          out.append("|---|---|---:|---:|---|---:|---|---:|---:|\n");
        }
        double l = library.mean();
        double b = base.mean();
        boolean time = !library.mode.equals("thrpt");
        double ratio = time ? b / l : l / b;
        double relative = Math.sqrt(square(library.error() / l) + square(base.error() / b));
        double ratioError = ratio * relative;
        out.append("| ").append(simpleMethod(library.benchmark))
            .append(" | ").append(params(library.params))
            .append(" | ").append(score(library))
            .append(" | ").append(score(base))
            .append(" | ").append(baseline.is())
            .append(" | ").append(String.format(Locale.ROOT, "**%.2f** ± %s", ratio, Double.isNaN(ratioError) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratioError)))
            .append(" | ").append(verdict(baseline.target(), ratio, ratioError))
            .append(" | ").append(bytes(library.bytesPerOp()))
            .append(" | ").append(bytes(base.bytesPerOp()))
            .append(" |\n");
      }
    }
    out.append(percentiles(grouped));
    return out.toString();
  }

  /** The percentile table of every sample-time benchmark, library and baseline alike. */
  private static String percentiles(Collection<Measured> measured) {
    StringBuilder out = new StringBuilder();
    for (Measured m : measured) {
      if (m.histogram.getN() == 0) {
        continue;
      }
      if (out.length() == 0) {
        out.append("\n#### Percentiles (sample-time mode: every call of every iteration of every fork)\n\n");
        out.append("| benchmark | threads | params | calls sampled | p50 | p90 | p99 | p99.9 | p99.99 | max | target |\n");
        out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
      }
      out.append("| ").append(simpleClass(m.benchmark)).append('.').append(simpleMethod(m.benchmark))
          .append(" | ").append(m.threads)
          .append(" | ").append(params(m.params))
          .append(" | ").append(String.format(Locale.ROOT, "%,d", m.histogram.getN()));
      double scale = nanosPer(m.unit);
      for (double p : new double[] {50, 90, 99, 99.9, 99.99}) {
        out.append(" | ").append(duration(m.histogram.getPercentile(p) * scale));
      }
      out.append(" | ").append(duration(m.histogram.getMax() * scale))
          .append(" | ").append(latencyVerdict(method(m.benchmark), m))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String latencyVerdict(Method method, Measured m) {
    LatencyTarget target = method == null ? null : method.getAnnotation(LatencyTarget.class);
    if (target == null) {
      return "—";
    }
    double nanos = m.histogram.getPercentile(target.percentile()) * nanosPer(m.unit);
    String goal = String.format(Locale.ROOT, "p%s < %,d ns",
        java.math.BigDecimal.valueOf(target.percentile()).stripTrailingZeros().toPlainString(), target.belowNanos());
    return goal + (nanos < target.belowNanos() ? " met" : " **missed**");
  }

  /** A time in the unit that reads best: 351 ns, 12.7 us, 27.1 ms. */
  private static String duration(double nanos) {
    if (nanos >= 1e6) {
      return number(nanos / 1e6) + " ms";
    }
    if (nanos >= 1e4) {
      return number(nanos / 1e3) + " us";
    }
    return String.format(Locale.ROOT, "%,.0f ns", nanos);
  }

  /** Nanoseconds in one of JMH's score units, e.g. {@code us/op}. */
  private static double nanosPer(String unit) {
    return switch (unit.replace("/op", "")) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      default -> throw new IllegalArgumentException("not a time unit: " + unit);
    };
  }

  private static String verdict(double target, double ratio, double error) {
    if (target <= 0) {
      return "—";
    }
    String goal = String.format(Locale.ROOT, "≥ %.2f", target);
    if (ratio >= target) {
      return goal + " met" + (!Double.isNaN(error) && ratio - error < target ? " (within error)" : "");
    }
    return goal + " **missed**" + (!Double.isNaN(error) && ratio + error >= target ? " (within error)" : "");
  }

  private static double square(double x) {
    return x * x;
  }

  private static String score(Measured m) {
    double error = m.error();
    String unit = m.unit.replace("/op", "");
    return Double.isNaN(error)
        ? String.format(Locale.ROOT, "%s %s", number(m.mean()), unit)
        : String.format(Locale.ROOT, "%s ± %s %s", number(m.mean()), number(error), unit);
  }

  private static String number(double x) {
    if (Math.abs(x) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", x);
    }
    if (Math.abs(x) >= 10) {
      return String.format(Locale.ROOT, "%.1f", x);
    }
    return String.format(Locale.ROOT, "%.2f", x);
  }

  private static String bytes(Double b) {
    return b == null ? "" : String.format(Locale.ROOT, "%,.0f", b);
  }

  private static String params(Map<String, String> params) {
    return params.isEmpty() ? "" : String.join(", ", params.values());
  }

  private static String key(String benchmark, Map<String, String> params) {
    return benchmark + params;
  }

  private static String className(String benchmark) {
    return benchmark.substring(0, benchmark.lastIndexOf('.'));
  }

  private static String simpleClass(String benchmark) {
    String c = className(benchmark);
    return c.substring(c.lastIndexOf('.') + 1);
  }

  private static String simpleMethod(String benchmark) {
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  private static Method method(String benchmark) {
    try {
      Class<?> c = Class.forName(className(benchmark));
      for (Method m : c.getMethods()) {
        if (m.getName().equals(simpleMethod(benchmark)) && m.isAnnotationPresent(Benchmark.class)) {
          return m;
        }
      }
      return null;
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
