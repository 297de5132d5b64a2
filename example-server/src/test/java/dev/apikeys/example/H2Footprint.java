package dev.apikeys.example;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.Caller;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * How much disk the example server's H2 file takes: a server started as the command line starts
 * it, keys created through its service on several threads while the file's size is sampled, the
 * server stopped as SIGTERM stops it, and the file compared with a copy after H2's own full
 * compaction ({@code SHUTDOWN COMPACT}).
 *
 * @param keys the keys created
 * @param loadMillis how long creating them took
 * @param peakDuringLoad the largest size sampled (every 100 ms) while keys were created
 * @param endOfLoad the size when the last key was created
 * @param afterStop the size after the server stopped
 * @param compacted the size of a copy after {@code SHUTDOWN COMPACT}
 * @param stopMillis how long the server took to stop
 */
record H2Footprint(int keys, long loadMillis, long peakDuringLoad, long endOfLoad, long afterStop, long compacted,
    long stopMillis) {

  static final String TENANT = "demo";

  /**
   * Starts a server on the H2 file {@code base}{@code .mv.db} ({@code url} names it and may add
   * settings), creates {@code keys} keys on {@code threads} threads, stops the server and measures.
   */
  static H2Footprint measure(String url, Path base, int keys, int threads, Consumer<String> progress) throws Exception {
    Path file = Path.of(base + ".mv.db");
    AtomicLong peak = new AtomicLong();
    AtomicInteger created = new AtomicInteger();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    PrintStream auditLog = new PrintStream(OutputStream.nullOutputStream());
    long loadMillis;
    long endOfLoad;
    long stopMillis;
    ExampleServer server = ExampleServer.start(Options.parse("--port", "0", "--jdbc-url", url), auditLog);
    try {
      Caller admin = server.service().authenticate(TENANT, server.bootstrap().newKey().toString());
      int step = Math.max(1, keys / 10);
      AtomicInteger reported = new AtomicInteger();
      sampler.scheduleAtFixedRate(() -> {
        long size = size(file);
        peak.accumulateAndGet(size, Math::max);
        int n = created.get();
        if (n / step > reported.get()) {
          reported.set(n / step);
          progress.accept(String.format(Locale.ROOT, "  %,9d keys  %,14d B  %,7.1f B/key", n, size, (double) size / n));
        }
      }, 0, 100, TimeUnit.MILLISECONDS);
      long loadStarted = System.nanoTime();
      ExecutorService workers = Executors.newFixedThreadPool(threads);
      try {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(workers.submit(() -> {
            try {
              for (int i = next.getAndIncrement(); i < keys; i = next.getAndIncrement()) {
                server.service().create(admin, new ApikeyRequest("key-" + i, "viewer"));
                created.incrementAndGet();
              }
            } finally {
              next.set(keys); // one fails, all stop
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        // Never interrupted: an interrupt closes the file channel H2 reads, and the database with it.
        workers.shutdown();
      }
      loadMillis = (System.nanoTime() - loadStarted) / 1_000_000;
      endOfLoad = size(file);
      peak.accumulateAndGet(endOfLoad, Math::max);
    } finally {
      sampler.shutdown();
      long stopping = System.nanoTime();
      server.close();
      stopMillis = (System.nanoTime() - stopping) / 1_000_000;
    }
    return new H2Footprint(keys, loadMillis, peak.get(), endOfLoad, size(file), compactedCopy(file), stopMillis);
  }

  /** The size of a copy of an H2 file after {@code SHUTDOWN COMPACT}; the copy is deleted. */
  static long compactedCopy(Path file) throws IOException, SQLException {
    Path copyBase = file.resolveSibling("compacted-copy");
    Path copy = Path.of(copyBase + ".mv.db");
    Files.copy(file, copy);
    try {
      try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copyBase + ";DB_CLOSE_ON_EXIT=FALSE");
          Statement s = c.createStatement()) {
        s.execute("SHUTDOWN COMPACT");
      }
      return Files.size(copy);
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // not there yet
    }
  }

  double afterStopRatio() {
    return (double) afterStop / compacted;
  }

  String report() {
    return String.format(Locale.ROOT,
        "%,d keys in %,d ms (%,d a second)%n"
            + "  peak during load %,14d B  %,7.1f B/key  %5.2f x compacted%n"
            + "  end of load      %,14d B  %,7.1f B/key  %5.2f x compacted%n"
            + "  after stop       %,14d B  %,7.1f B/key  %5.2f x compacted  (the stop took %,d ms)%n"
            + "  compacted copy   %,14d B  %,7.1f B/key",
        keys, loadMillis, keys * 1000L / Math.max(1, loadMillis),
        peakDuringLoad, perKey(peakDuringLoad), (double) peakDuringLoad / compacted,
        endOfLoad, perKey(endOfLoad), (double) endOfLoad / compacted,
        afterStop, perKey(afterStop), afterStopRatio(), stopMillis,
        compacted, perKey(compacted));
  }

  private double perKey(long bytes) {
    return (double) bytes / keys;
  }
}
