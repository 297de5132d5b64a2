package dev.apikeys.storage.jdbc;

import dev.apikeys.core.StorageUnavailableException;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.RotateOutcome;
import dev.apikeys.core.spi.Rotation;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.jdbc.internal.SchemaScript;
import dev.apikeys.storage.jdbc.internal.Transactor;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ApikeyStore} in a relational database: H2, PostgreSQL or MariaDB.
 *
 * <pre>{@code
 * ApikeyStore store = JdbiApikeyStore.create(dataSource).createSchemaIfMissing();
 * ApikeyService service = ApikeyService.ofDefaults(store);
 * }</pre>
 *
 * <p>The store has no connection pool of its own: it borrows a connection from the host's {@link
 * DataSource} (a pool such as HikariCP in production) or {@link Jdbi} for each operation and gives
 * it back at once. Each operation is a transaction of its own, committed by the store, also on
 * connections handed out with auto-commit off: call the store outside the host's own transactions.
 * Most are a single statement; {@link #revokeUnlessLast} and {@link #recordLastUse} are several,
 * run with auto-commit off (restored afterwards). A host's Jdbi is used for its connections only:
 * the statements are plain JDBC, and its configuration (template engine, SQL parser, plugins) is
 * left as it is.
 *
 * <p>Keys live in one table, {@value #DEFAULT_TABLE} unless {@link Builder#table(String) renamed},
 * created by the schema files of each {@link Dialect} or by {@link #createSchemaIfMissing()}.
 * Instants are kept to the millisecond (a finer one is truncated). Tenants and names compare
 * exactly ({@code Ci} and {@code ci} are different names); listings and pages are ordered by code
 * point on every database.
 *
 * <p>The store has every {@link StoreFeature}. A revoke locks the tenant's rows ({@code SELECT …
 * FOR UPDATE}) for the length of its transaction, so it is atomic against revokes in other
 * processes too. A transaction that locks several rows locks them in primary-key order, so
 * revokes and last-use batches wait for one another rather than deadlock; should the database
 * still roll one back as a deadlock's victim (or for a serialization failure, under a stricter
 * isolation level than the default), the store runs it again, up to three times in all.
 *
 * <p>Each write either completes or changes nothing. A name or digest already taken is reported
 * as an {@link InsertOutcome}; every other failure (no connection, pool closed, time-out, server
 * gone, any other SQL error) is thrown as {@link StorageUnavailableException}, never as a raw
 * {@link java.sql.SQLException} or {@link org.jdbi.v3.core.JdbiException}. Every value is a bound
 * parameter; no SQL is ever built from input.
 *
 * <p>Tenants and names are at most 256 and 128 characters (the core's limits); role at most 128,
 * {@code created_by} at most 256, a hint at most 4. No text may contain U+0000, which PostgreSQL
 * cannot store: an insert with one is rejected, a lookup for one finds nothing.
 *
 * <p>Thread-safe and immutable.
 */
public final class JdbiApikeyStore implements ApikeyStore {
  /** The table name unless {@link Builder#table(String) renamed}: {@value}. */
  public static final String DEFAULT_TABLE = SchemaScript.DEFAULT_TABLE;

  /** Lower case, so that no database folds its case differently; short enough for constraint names. */
  private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /** The most characters of a hint: the key's last four. */
  static final int MAX_HINT_LENGTH = 4;

  private static final Set<StoreFeature> FEATURES = Set.copyOf(EnumSet.allOf(StoreFeature.class));

  private final Transactor transactor;
  /** Where the change feed's own connection comes from. */
  private final JdbcChangeFeed.ConnectionSource feedConnections;
  private final Dialect dialect;
  private final String table;
  private final KeyTable keys;
  private final KeyWrites writes;

  private JdbiApikeyStore(Builder builder, Dialect dialect, String table) {
    this.transactor = builder.transactor;
    this.feedConnections = builder.feedConnections;
    this.dialect = dialect;
    this.table = table;
    this.keys = new KeyTable(dialect, table);
    this.writes = new KeyWrites(transactor, dialect, table, keys);
  }

  /**
   * A store on the host's data source, in table {@value #DEFAULT_TABLE}, the dialect detected from
   * the database. Opens one connection to detect it.
   *
   * @param dataSource where connections come from; a pool in production
   * @return the store
   * @throws StorageUnavailableException if no connection can be had to detect the dialect
   * @throws IllegalArgumentException if the database is none of the {@link Dialect}s
   */
  public static JdbiApikeyStore create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * A store on the host's Jdbi, in table {@value #DEFAULT_TABLE}, the dialect detected from the
   * database. Opens one handle to detect it. The store leaves the Jdbi's configuration as it is.
   *
   * @param jdbi the host's Jdbi
   * @return the store
   * @throws StorageUnavailableException if no connection can be had to detect the dialect
   * @throws IllegalArgumentException if the database is none of the {@link Dialect}s
   */
  public static JdbiApikeyStore create(Jdbi jdbi) {
    return builder(jdbi).build();
  }

  /**
   * A builder for a store on the host's data source.
   *
   * @param dataSource where connections come from; a pool in production
   * @return the builder
   */
  public static Builder builder(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new Builder(Transactor.on(dataSource), dataSource::getConnection);
  }

  /**
   * A builder for a store on the host's Jdbi.
   *
   * @param jdbi the host's Jdbi
   * @return the builder
   */
  public static Builder builder(Jdbi jdbi) {
    Objects.requireNonNull(jdbi, "jdbi");
    return new Builder(Transactor.on(jdbi), () -> jdbi.open().getConnection());
  }

  /**
   * Creates the table, with its constraints, unless a table of that name exists, and brings an
   * existing one up to date: the dialect's schema files in order ({@code V1} creates the table
   * unless it exists, {@code V2} adds each lifecycle column unless it exists), with the table
   * renamed if the store's is. Safe to call on every start: a current table is left as it is, and
   * a table of an earlier version keeps its rows, which read back without hint, expiry or last use.
   * For the embedded default and tests; a host that manages its schema with Flyway or Liquibase
   * runs the schema files instead.
   *
   * @return this store
   * @throws StorageUnavailableException if the database fails
   */
  public JdbiApikeyStore createSchemaIfMissing() {
    for (String statement : keys.schema()) {
      transactor.oneStatement(connection -> {
        KeyTable.execute(connection, statement);
        return null;
      });
    }
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return every feature: {@link StoreFeature#EXPIRY}, {@link StoreFeature#LAST_USE}, {@link
   *     StoreFeature#HINT}, {@link StoreFeature#ATOMIC_REVOKE} and {@link StoreFeature#ROTATION}
   */
  @Override
  public Set<StoreFeature> features() {
    return FEATURES;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Every field is kept; the three instants to the millisecond (a finer one is truncated).
   *
   * @throws IllegalArgumentException if a text contains U+0000, or the hint has more than four
   *     characters
   */
  @Override
  public InsertOutcome insert(StoredApikey key) {
    Objects.requireNonNull(key, "key");
    if (key.previous() != null) {
      throw new IllegalArgumentException("a key is inserted without a previous key: a rotation makes one");
    }
    return writes.insert(KeyWrites.checkedForStorage(key));
  }

  @Override
  public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(digest, "digest");
    if (hasNul(tenant)) {
      return Optional.empty();
    }
    return transactor.oneStatement(connection -> keys.findByDigest(connection, tenant, digest));
  }

  @Override
  public Optional<StoredApikey> findByName(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    if (hasNul(tenant, name)) {
      return Optional.empty();
    }
    return transactor.oneStatement(connection -> keys.findByName(connection, tenant, name));
  }

  @Override
  public List<StoredApikey> list(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    if (hasNul(tenant)) {
      return List.of();
    }
    return transactor.oneStatement(connection -> keys.list(connection, tenant));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One query, ordered and limited by the database. A name after {@code afterName} is after
   * the part of it before its first U+0000, if any: no name contains one.
   */
  @Override
  public List<StoredApikey> list(String tenant, @Nullable String afterName, int limit) {
    Objects.requireNonNull(tenant, "tenant");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    if (hasNul(tenant)) {
      return List.of();
    }
    // No stored name holds U+0000, so the names after "p\0q" are exactly those after "p"; and
    // PostgreSQL cannot take U+0000 in a parameter.
    int nul = afterName == null ? -1 : afterName.indexOf('\0');
    String after = afterName == null || nul < 0 ? afterName : afterName.substring(0, nul);
    return transactor.oneStatement(connection -> keys.page(connection, tenant, after, limit));
  }

  @Override
  public boolean delete(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    if (hasNul(tenant, name)) {
      return false;
    }
    return writes.delete(tenant, name);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Atomic across processes: one transaction locks the name's row ({@code SELECT … FOR
   * UPDATE}), asks {@code rotation}, and writes the new key and its previous key into that row,
   * publishing the change of every digest involved. Concurrent rotations and revokes of the name
   * wait for it. Instants are kept to the millisecond; a previous key's last use is not kept.
   */
  @Override
  public RotateOutcome rotate(String tenant, String name, Rotation rotation) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rotation, "rotation");
    if (hasNul(tenant, name)) {
      return RotateOutcome.NOT_FOUND;
    }
    return writes.rotate(tenant, name, rotation);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Atomic across processes: one transaction reads the tenant's keys with {@code SELECT … FOR
   * UPDATE}, locking them in primary-key order until it ends, asks {@code decision} about them,
   * and deletes the key or refuses. A concurrent revoke, delete or last-use batch touching the
   * tenant's keys waits for it, so two revokes of a tenant's last two administrators cannot both
   * succeed, and the key deleted is the one decided on. A key committed by an insert meanwhile may
   * not be counted, which can only make the answer more cautious. {@code decision} runs inside the
   * transaction, on the caller's thread: it must be quick, and an exception it throws rolls the
   * transaction back and passes unchanged. When the database rolls the transaction back as a
   * deadlock's victim or for a serialization failure, it is run again from the start, asking
   * {@code decision} again.
   */
  @Override
  public RevokeOutcome revoke(String tenant, String name, RevokeDecision decision) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(decision, "decision");
    if (hasNul(tenant, name)) {
      return RevokeOutcome.NOT_FOUND;
    }
    return writes.revoke(tenant, name, decision);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction: all are recorded or none. It looks the keys up first, unlocked, then
   * updates the keys found in one batch, in primary-key order, the order a revoke locks them in:
   * batches and revokes of several processes wait for one another but do not deadlock. Should the
   * database still roll the transaction back as a deadlock's victim, it is run again. Instants are
   * kept to the millisecond.
   */
  @Override
  public void recordLastUse(Map<KeyDigest, Instant> uses) {
    Objects.requireNonNull(uses, "uses");
    if (uses.isEmpty()) {
      return;
    }
    Map<KeyDigest, Instant> when = new HashMap<>();
    uses.forEach(
        (digest, at) -> when.put(Objects.requireNonNull(digest, "digest"), Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS)));
    writes.recordLastUse(when);
  }

  /**
   * A feed of the changes every process makes to this store's keys, confirming every {@link
   * JdbcChangeFeed#DEFAULT_INTERVAL}: hand it to a cache, which starts and closes it.
   *
   * @return a new feed, not started
   */
  public JdbcChangeFeed changeFeed() {
    return changeFeed(JdbcChangeFeed.DEFAULT_INTERVAL);
  }

  /**
   * A feed of the changes every process makes to this store's keys.
   *
   * @param interval how often it confirms that it is current, and polls on H2 and MariaDB: 10 ms
   *     to 1 minute; well under the cache's {@code maxStaleness}
   * @return a new feed, not started
   */
  public JdbcChangeFeed changeFeed(Duration interval) {
    return new JdbcChangeFeed(feedConnections, keys.changes(), interval);
  }

  /** The dialect, given or detected. */
  public Dialect dialect() {
    return dialect;
  }

  /** The table the keys are kept in. */
  public String table() {
    return table;
  }

  @Override
  public String toString() {
    return "JdbiApikeyStore[" + dialect + ", table " + table + "]";
  }

  /** As the columns keep it: truncated to the millisecond. */
  static @Nullable Instant millis(@Nullable Instant value) {
    return value == null ? null : value.truncatedTo(ChronoUnit.MILLIS);
  }

  static boolean hasNul(String... values) {
    for (String value : values) {
      if (value.indexOf('\0') >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Builds a {@link JdbiApikeyStore}; each option may be set once. */
  public static final class Builder {
    private final Transactor transactor;
    private final JdbcChangeFeed.ConnectionSource feedConnections;
    private @Nullable Dialect dialect;
    private @Nullable String table;

    private Builder(Transactor transactor, JdbcChangeFeed.ConnectionSource feedConnections) {
      this.transactor = transactor;
      this.feedConnections = feedConnections;
    }

    /**
     * The database's dialect; detected from the database by {@link #build()} unless set. Setting it
     * builds a store without touching the database.
     *
     * @param dialect the dialect
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder dialect(Dialect dialect) {
      Objects.requireNonNull(dialect, "dialect");
      if (this.dialect != null) {
        throw new IllegalStateException("dialect is already set");
      }
      this.dialect = dialect;
      return this;
    }

    /**
     * The table the keys are kept in, {@value JdbiApikeyStore#DEFAULT_TABLE} unless set: a lower-case
     * unquoted identifier, at most 40 characters, not a reserved word. It lives in the connection's
     * current schema (PostgreSQL {@code currentSchema}, H2 {@code SCHEMA}, the MariaDB database of
     * the URL). A host that runs the schema files itself under another name replaces the word
     * {@code apikeys} in them.
     *
     * @param table the table name
     * @return this builder
     * @throws IllegalArgumentException if it is not such an identifier
     * @throws IllegalStateException if already set
     */
    public Builder table(String table) {
      Objects.requireNonNull(table, "table");
      if (!TABLE_NAME.matcher(table).matches()) {
        throw new IllegalArgumentException(
            "a table name is a lower-case letter, then up to 39 lower-case letters, digits or '_'");
      }
      if (this.table != null) {
        throw new IllegalStateException("table is already set");
      }
      this.table = table;
      return this;
    }

    /**
     * Builds the store, detecting the dialect over one connection unless it was set. Creates no
     * table: see {@link JdbiApikeyStore#createSchemaIfMissing()}.
     *
     * @return the store
     * @throws StorageUnavailableException if the dialect must be detected and no connection can be
     *     had
     * @throws IllegalArgumentException if the detected database is none of the {@link Dialect}s
     */
    public JdbiApikeyStore build() {
      Dialect detected = dialect != null ? dialect : detect();
      return new JdbiApikeyStore(this, detected, table != null ? table : DEFAULT_TABLE);
    }

    private Dialect detect() {
      return transactor.oneStatement(connection -> Dialect.detect(connection.getMetaData()));
    }
  }
}
