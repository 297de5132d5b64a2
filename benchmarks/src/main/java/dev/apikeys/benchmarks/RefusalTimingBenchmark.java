package dev.apikeys.benchmarks;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.storage.memory.MemoryApikeyStore;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * How long a refusal takes for each reason, beside an accepted key: an attacker who could tell
 * them apart by time could enumerate tenants or keys. Every reason that reaches the store does the
 * same work (parse, hash, one lookup); a malformed key is refused before hashing, which tells
 * nothing secret. Ratios near 1.0 are what this shows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@State(Scope.Benchmark)
public class RefusalTimingBenchmark {
  ApikeyService service;
  String validKey;
  String unknownKey;
  String revokedKey;
  String otherTenantKey;

  @Setup
  public void setUp() {
    MemoryApikeyStore store = new MemoryApikeyStore();
    service = ApikeyService.ofDefaults(store);
    validKey = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin")).key().toString();
    otherTenantKey = service.createBootstrapKey("globex", new ApikeyRequest("root", "admin")).key().toString();
    Caller admin = service.authenticate("acme", validKey);
    for (int i = 0; i < 10_000; i++) {
      service.create(admin, new ApikeyRequest("k" + i, "viewer"));
    }
    revokedKey = service.create(admin, new ApikeyRequest("revoked", "viewer")).key().toString();
    store.delete("acme", "revoked");
    unknownKey = UUID.randomUUID().toString();
  }

  private Object attempt(String tenant, String key) {
    try {
      return service.authenticate(tenant, key);
    } catch (UnauthenticatedException e) {
      return e;
    }
  }

  @Benchmark
  public Object accepted() {
    return attempt("acme", validKey);
  }

  @Benchmark
  @Baseline(value = "accepted", is = "an accepted key")
  public Object unknownTenant() {
    return attempt("initech", validKey);
  }

  @Benchmark
  @Baseline(value = "accepted", is = "an accepted key")
  public Object unknownKey() {
    return attempt("acme", unknownKey);
  }

  @Benchmark
  @Baseline(value = "accepted", is = "an accepted key")
  public Object revokedKey() {
    return attempt("acme", revokedKey);
  }

  @Benchmark
  @Baseline(value = "accepted", is = "an accepted key")
  public Object keyOfAnotherTenant() {
    return attempt("acme", otherTenantKey);
  }

  @Benchmark
  @Baseline(value = "accepted", is = "an accepted key")
  public Object malformedKey() {
    return attempt("acme", "1-1-1-1-1");
  }
}
