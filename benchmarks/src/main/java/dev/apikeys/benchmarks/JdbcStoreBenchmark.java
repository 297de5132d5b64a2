package dev.apikeys.benchmarks;

import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
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
 * The service on the JDBC store beside raw JDBC through the same HikariCP pool (4 connections, as
 * a host would configure it), on H2 in memory, H2 in a file and PostgreSQL.
 *
 * <ul>
 *   <li>create: the service's create vs SecureRandom v4 UUID + SHA-256 (+ a second SHA-256 for the
 *       row's key id) + a prepared {@code INSERT} of the same row (the eight columns that are not
 *       null);
 *   <li>authenticate (uncached: the store has no cache): the service's authenticate vs {@code
 *       UUID.fromString} + SHA-256 + a prepared {@code SELECT role, key_id, expires_at … WHERE
 *       key_digest = ? AND tenant = ?}, and the expiry checked: what authenticating needs.
 * </ul>
 *
 * Each trial has a table of its own; create empties it before each iteration, and inserts
 * accumulate over the iteration on both sides alike. {@link
 * JdbcStoreContendedBenchmark} runs the same with two threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class JdbcStoreBenchmark {
  private static final HexFormat HEX = HexFormat.of();

  /** A table of the trial's own, the service on it, and the raw statements. */
  @State(Scope.Benchmark)
  public static class Create {
    @Param({"h2-mem", "h2-file", "postgresql"})
    String database;

    BenchDatabase db;
    ApikeyService service;
    Caller caller;
    String insert;
    final SecureRandom random = new SecureRandom();
    final AtomicLong names = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
      db = BenchDatabase.open(database);
      service = ApikeyService.ofDefaults(db.store);
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      caller = service.authenticate("acme", root.key().toString());
      insert = "INSERT INTO " + db.table
          + " (tenant, name, role, key_digest, key_id, key_hint, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * Each iteration starts on an empty table, outside the measured time: a table that grew over
     * the whole trial made every iteration slower than the one before (H2 in memory keeps it all
     * in the heap) and the error wider than the mean.
     */
    @Setup(Level.Iteration)
    public void emptyTable() {
      db.execute("TRUNCATE TABLE " + db.table);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      db.close();
    }
  }

  /** Keys made by the service; threads rotate through them. */
  @State(Scope.Benchmark)
  public static class Authenticate {
    /** How many keys the store holds; the smoke run makes fewer. */
    @Param("2000")
    int count;

    @Param({"h2-mem", "h2-file", "postgresql"})
    String database;

    BenchDatabase db;
    ApikeyService service;
    String[] keys;
    String select;

    @Setup(Level.Trial)
    public void setUp() {
      db = BenchDatabase.open(database);
      service = ApikeyService.ofDefaults(db.store);
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      Caller admin = service.authenticate("acme", root.key().toString());
      keys = new String[count];
      for (int i = 0; i < count; i++) {
        keys[i] = service.create(admin, new ApikeyRequest("key-" + i, "viewer")).key().toString();
      }
      select = "SELECT role, key_id, expires_at FROM " + db.table + " WHERE key_digest = ? AND tenant = ?";
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      db.close();
    }
  }

  /** Per-thread digest for the baselines. */
  @State(Scope.Thread)
  public static class Sha {
    final MessageDigest sha256 = Raw.sha256();
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
  @Baseline(value = "createBaseline", target = 0.8, is = "raw JDBC INSERT of the same row, same pool")
  public CreatedApikey create(Create s) {
    return s.service.create(s.caller, new ApikeyRequest("k" + s.names.incrementAndGet(), "viewer"));
  }

  @Benchmark
  public int createBaseline(Create s, Sha sha) throws SQLException {
    byte[] key = Raw.version4(s.random);
    byte[] digest = sha.sha256.digest(key);
    String keyId = HEX.formatHex(sha.sha256.digest(digest), 0, 8);
    try (Connection c = s.db.pool.getConnection(); PreparedStatement p = c.prepareStatement(s.insert)) {
      p.setString(1, "acme");
      p.setString(2, "k" + s.names.incrementAndGet());
      p.setString(3, "viewer");
      p.setBytes(4, digest);
      p.setString(5, keyId);
      p.setString(6, HEX.formatHex(key, 14, 16));
      p.setString(7, s.caller.id());
      p.setObject(8, Instant.now().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
      return p.executeUpdate();
    }
  }

  @Benchmark
  @Baseline(value = "authenticateBaseline", target = 0.8, is = "raw JDBC SELECT by digest, same pool")
  public Caller authenticate(Authenticate s, Cursor c) {
    return s.service.authenticate("acme", s.keys[c.advance(s.keys.length)]);
  }

  @Benchmark
  public String[] authenticateBaseline(Authenticate s, Cursor cursor, Sha sha) throws SQLException {
    byte[] digest = sha.sha256.digest(Raw.bytes(UUID.fromString(s.keys[cursor.advance(s.keys.length)])));
    try (Connection c = s.db.pool.getConnection(); PreparedStatement p = c.prepareStatement(s.select)) {
      p.setBytes(1, digest);
      p.setString(2, "acme");
      try (ResultSet row = p.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        OffsetDateTime expiresAt = row.getObject(3, OffsetDateTime.class);
        return expiresAt == null || expiresAt.toInstant().isAfter(Instant.now()) ? new String[] {row.getString(1), row.getString(2)} : null;
      }
    }
  }
}
