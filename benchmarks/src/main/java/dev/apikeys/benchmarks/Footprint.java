package dev.apikeys.benchmarks;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per stored key in the memory store, beside the plainest map that holds the same row:
 * {@code java -Xmx4g -cp benchmarks.jar dev.apikeys.benchmarks.Footprint [KEYS]} (default 1,000,000).
 *
 * <p>Keys are made by the service with its defaults, named {@code key-<n>}, all in one tenant by one
 * caller. The library's store keeps two indexes (digest → key for authentication, tenant → name →
 * key for names); the baseline is one {@code ConcurrentHashMap} from the 32 digest bytes to a
 * record of the other six columns, with the same strings. Sizes are of the whole object graph
 * reachable from each (JOL's {@code GraphLayout}, which counts shared strings once), and are
 * cross-checked with the heap used after a full GC.
 */
public final class Footprint {
  private Footprint() {}

  /** The baseline's row: what a key must keep besides its digest. */
  record Row(String tenant, String name, String role, String keyId, String createdBy, Instant createdAt) {}

  public static void main(String[] args) throws Exception {
    // JOL reads field offsets through Unsafe, which refuses them for records unless told otherwise.
    System.setProperty("jol.magicFieldOffset", "true");
    int keys = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;

    long before = usedAfterGc();
    MemoryApikeyStore store = new MemoryApikeyStore();
    ApikeyService service = ApikeyService.ofDefaults(store);
    Caller admin = service.authenticate("acme", service.createBootstrapKey("acme", new ApikeyRequest("root", "admin")).key().toString());
    for (int i = 0; i < keys; i++) {
      service.create(admin, new ApikeyRequest("key-" + i, "viewer"));
    }
    long heapLibrary = usedAfterGc() - before;

    // The baseline holds the very same rows, taken from the store, so that both hold equal strings.
    ConcurrentHashMap<Raw.Digest, Row> baseline = new ConcurrentHashMap<>();
    for (StoredApikey k : store.list("acme")) {
      baseline.put(new Raw.Digest(k.digest().bytes()), new Row(k.tenant(), k.name(), k.role(), k.keyId(), k.createdBy(), k.createdAt()));
    }

    GraphLayout library = GraphLayout.parseInstance(store);
    GraphLayout plain = GraphLayout.parseInstance(baseline);
    int n = store.size();
    System.out.printf(Locale.ROOT, "keys: %,d (one tenant), JVM %s, %s%n", n, System.getProperty("java.vm.version"),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.printf(Locale.ROOT, "| | bytes per key |%n|---|---:|%n");
    System.out.printf(Locale.ROOT, "| MemoryApikeyStore (object graph) | %,.1f |%n", library.totalSize() / (double) n);
    System.out.printf(Locale.ROOT, "| MemoryApikeyStore (heap growth after full GC, cross-check) | %,.1f |%n", heapLibrary / (double) n);
    System.out.printf(Locale.ROOT, "| baseline: ConcurrentHashMap<digest, row> (object graph) | %,.1f |%n", plain.totalSize() / (double) n);
    System.out.printf(Locale.ROOT, "| ratio baseline/library | %.2f |%n%n", plain.totalSize() / (double) library.totalSize());
    System.out.println("MemoryApikeyStore, by class (bytes per key):");
    System.out.println(perKey(library.toFootprint(), n));
    if (store.size() != baseline.size()) {
      throw new IllegalStateException("sizes differ");
    }
  }

  /** JOL's footprint table with a bytes-per-key column. */
  private static String perKey(String footprint, int n) {
    StringBuilder out = new StringBuilder();
    for (String line : footprint.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length >= 4 && cols[0].matches("\\d+") && cols[2].matches("\\d+")) {
        out.append(String.format(Locale.ROOT, "  %8.1f  %s%n", Long.parseLong(cols[2]) / (double) n, cols[cols.length - 1]));
      } else if (cols.length >= 3 && cols[0].matches("\\d+") && cols[1].matches("\\d+")) {
        out.append(String.format(Locale.ROOT, "  %8.1f  total%n", Long.parseLong(cols[1]) / (double) n));
      }
    }
    return out.toString();
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
