package dev.apikeys.benchmarks;

import dev.apikeys.cache.CachedApikeyStore;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.openjdk.jol.info.GraphLayout;

/**
 * Heap per cached digest in {@code CachedApikeyStore}, Caffeine's structures included, beside the
 * plainest cache that holds the same: {@code java -cp benchmarks.jar
 * dev.apikeys.benchmarks.CacheFootprint [ENTRIES]} (default 100,000, the cache's default bound,
 * which the cache is built with here so that it is full).
 *
 * <p>Three kinds of entry, each in a cache of its own:
 *
 * <ul>
 *   <li>found keys over the memory store, whose records the cache shares with the store;
 *   <li>found keys over a store that reads each record afresh, as the JDBC store does (new strings,
 *       a new digest, new instants for every row read): the cache keeps those copies alive;
 *   <li>unknown digests, random keys no tenant has.
 * </ul>
 *
 * Every lookup passes a tenant string of its own, as a host's request parsing gives it (a header
 * read into a new string, with its own bytes, per request). What the cache adds is the object graph reachable from
 * the cached store minus that of the store under it (JOL's {@code GraphLayout}, counting each
 * object once, shared ones with the store not at all), taken before and after filling it, so that
 * what both share with the JVM (the thread pool Caffeine maintains itself on) cancels out; it is
 * cross-checked with the heap's growth after a full GC. The baseline is a {@code
 * ConcurrentHashMap<KeyDigest, Object>} with no bound, holding the same digests and the record
 * (found) or the tenant (unknown).
 */
public final class CacheFootprint {
  private CacheFootprint() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("jol.magicFieldOffset", "true");
    int entries = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : (int) CachedApikeyStore.DEFAULT_MAXIMUM_SIZE;

    // The keys: entries - 1 made by the service, and its bootstrap key.
    MemoryApikeyStore memory = new MemoryApikeyStore();
    ApikeyService service = ApikeyService.ofDefaults(memory);
    UUID root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin")).key();
    Caller admin = service.authenticate("acme", root.toString());
    UUID[] keys = new UUID[entries];
    keys[0] = root;
    for (int i = 1; i < entries; i++) {
      keys[i] = service.create(admin, new ApikeyRequest("key-" + i, "viewer")).key();
    }
    SplittableRandom random = new SplittableRandom(entries);
    UUID[] unknown = new UUID[entries];
    for (int i = 0; i < entries; i++) {
      unknown[i] = new UUID(random.nextLong(), random.nextLong());
    }

    Measured shared = measure(memory, keys, entries, k -> k);
    Measured read = measure(new Reading(memory), keys, entries, Reading::copy);
    Measured missing = measure(memory, unknown, entries, null);

    // Printed once measured, after whatever JOL says about this JVM.
    System.out.printf(Locale.ROOT, "%nentries: %,d per cache (maximumSize %,d: room for the digests of a first use too), JVM %s, %s%n",
        entries, entries + 2L, System.getProperty("java.vm.version"), ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.printf(Locale.ROOT, "| cached | bytes per entry, CachedApikeyStore (object graph) | heap growth after full GC (cross-check) | baseline: ConcurrentHashMap<KeyDigest, record or tenant> | ratio baseline/library |%n");
    System.out.printf(Locale.ROOT, "|---|---:|---:|---:|---:|%n");
    row("found keys, over the memory store (records shared with it)", shared);
    row("found keys, over a store that reads each record afresh (as JDBC does)", read);
    row("unknown digests", missing);
    System.out.println();
    System.out.println("What an entry adds, by class (bytes per entry: found over the memory store / found, read afresh / unknown):");
    TreeMap<String, double[]> classes = new TreeMap<>();
    List<Measured> all = List.of(shared, read, missing);
    for (int i = 0; i < all.size(); i++) {
      for (Map.Entry<String, Long> e : all.get(i).byClass.entrySet()) {
        classes.computeIfAbsent(e.getKey(), k -> new double[all.size()])[i] = e.getValue() / (double) entries;
      }
    }
    double[] total = new double[all.size()];
    classes.forEach((name, perEntry) -> {
      if (Arrays.stream(perEntry).anyMatch(b -> Math.abs(b) >= 0.05)) {
        System.out.printf(Locale.ROOT, "  %8.1f %8.1f %8.1f  %s%n", perEntry[0], perEntry[1], perEntry[2], name);
      }
      for (int i = 0; i < total.length; i++) {
        total[i] += perEntry[i];
      }
    });
    System.out.printf(Locale.ROOT, "  %8.1f %8.1f %8.1f  total%n", total[0], total[1], total[2]);
  }

  /** What one cache of {@code entries} digests costs, and the baseline's map of the same. */
  record Measured(double library, double heap, double baseline, Map<String, Long> byClass) {}

  private static void row(String what, Measured m) {
    System.out.printf(Locale.ROOT, "| %s | %,.1f | %,.1f | %,.1f | %.2f |%n", what, m.library, m.heap, m.baseline, m.baseline / m.library);
  }

  /**
   * Fills a cache over {@code store} with a lookup of every key; for the baseline, puts what each
   * lookup found ({@code value} of the record, as the cache would hold it) or the tenant.
   */
  private static Measured measure(ApikeyStore store, UUID[] keys, int entries, Function<StoredApikey, StoredApikey> value)
      throws InterruptedException {
    // Room for the two digests of a first use, which makes Caffeine start its maintenance on the
    // common pool: the empty cache is measured after that.
    CachedApikeyStore cached = CachedApikeyStore.builder(store).maximumSize(entries + 2L).maximumUnknownSize(entries + 2L).build();
    cached.findByDigest("acme", KeyDigest.ofKey(new UUID(0, 0)));
    cached.findByDigest("acme", KeyDigest.ofKey(new UUID(0, 1)));
    Thread.sleep(200);
    GraphLayout empty = GraphLayout.parseInstance(cached);
    long before = usedAfterGc();
    for (UUID key : keys) {
      cached.findByDigest(read("acme"), KeyDigest.ofKey(key));
    }
    Thread.sleep(200); // Caffeine drains its write buffer on the common pool
    long heap = usedAfterGc() - before;
    GraphLayout full = GraphLayout.parseInstance(cached);
    if (cached.stats().size() != entries + 2L || cached.stats().evictions() != 0) {
      throw new IllegalStateException("the cache holds not just the " + entries + " digests: " + cached.stats());
    }
    // The store is the same in both graphs (a lookup changes nothing in it): what is left is what
    // the entries added.
    long library = full.totalSize() - empty.totalSize();
    Map<String, Long> byClass = new TreeMap<>();
    for (Class<?> c : full.getClasses()) {
      byClass.merge(c.getName(), full.getClassSizes().count(c), Long::sum);
    }
    for (Class<?> c : empty.getClasses()) {
      byClass.merge(c.getName(), -empty.getClassSizes().count(c), Long::sum);
    }

    ConcurrentHashMap<KeyDigest, Object> baseline = new ConcurrentHashMap<>();
    for (UUID key : keys) {
      KeyDigest digest = KeyDigest.ofKey(key);
      String tenant = read("acme");
      Optional<StoredApikey> found = store.findByDigest(tenant, digest);
      baseline.put(digest, found.isPresent() ? value.apply(found.get()) : tenant);
    }
    // The records the baseline shares with the store do not count, as for the cache.
    long plain = GraphLayout.parseInstance(store, baseline).totalSize() - GraphLayout.parseInstance(store).totalSize();
    cached.close();
    return new Measured(library / (double) entries, heap / (double) entries, plain / (double) entries, byClass);
  }

  /**
   * The memory store, but each lookup by digest answers a copy with strings, digest and instants of
   * its own, as a store that reads a row from a database does.
   */
  static final class Reading implements ApikeyStore {
    private final MemoryApikeyStore store;

    Reading(MemoryApikeyStore store) {
      this.store = store;
    }

    static StoredApikey copy(StoredApikey k) {
      return new StoredApikey(read(k.tenant()), read(k.name()), read(k.role()), KeyDigest.of(k.digest().bytes()),
          read(k.keyId()), k.hint() == null ? null : read(k.hint()), read(k.createdBy()), copy(k.createdAt()),
          copy(k.expiresAt()), copy(k.lastUsedAt()));
    }

    private static Instant copy(Instant t) {
      return t == null ? null : Instant.ofEpochSecond(t.getEpochSecond(), t.getNano());
    }

    @Override
    public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
      return store.findByDigest(tenant, digest).map(Reading::copy);
    }

    @Override
    public InsertOutcome insert(StoredApikey key) {
      return store.insert(key);
    }

    @Override
    public List<StoredApikey> list(String tenant) {
      return store.list(tenant);
    }

    @Override
    public boolean delete(String tenant, String name) {
      return store.delete(tenant, name);
    }
  }

  /**
   * A string as a database driver or a header parser makes it: its own characters, not shared
   * with {@code s} (which {@code new String(s)} would share).
   */
  static String read(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
