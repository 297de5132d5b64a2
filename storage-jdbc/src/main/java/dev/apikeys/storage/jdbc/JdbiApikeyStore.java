package dev.apikeys.storage.jdbc;

import dev.apikeys.core.StorageUnavailableException;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.jdbc.internal.ChangeStatements;
import dev.apikeys.storage.jdbc.internal.DialectRules;
import dev.apikeys.storage.jdbc.internal.SchemaScript;
import dev.apikeys.storage.jdbc.internal.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ApikeyStore} in a relational database, through Jdbi 3: H2, PostgreSQL or MariaDB.
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
 * run with auto-commit off (restored afterwards).
 *
 * <p>Keys live in one table, {@value #DEFAULT_TABLE} unless {@link Builder#table(String) renamed}:
 * {@code tenant}, {@code name}, {@code role}, {@code key_digest} (the 32 bytes of the SHA-256
 * digest, never the key), {@code key_id}, {@code created_by}, {@code created_at}, and since
 * schema version 2 {@code key_hint}, {@code expires_at}, {@code last_used_at} (nullable); primary
 * key ({@code tenant}, {@code name}), unique {@code key_digest}. Instants are kept to the
 * millisecond (a finer one is truncated). The schema files of each {@link Dialect} create it;
 * so does {@link #createSchemaIfMissing()}, which also brings a version-1 table up to date.
 * Tenants and names compare exactly: {@code Ci} and {@code ci}, {@code é} and {@code e}+accent,
 * {@code a} and {@code a }, are different names; listings and pages are ordered by code point on
 * every database.
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
 * {@link SQLException} or {@link JdbiException}. Every value is a bound parameter; no SQL is ever
 * built from input.
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

  /**
   * How often an insert is tried when it hits a unique constraint yet neither the name nor the
   * digest is taken any more: the conflicting key was deleted in between.
   */
  private static final int MAX_INSERT_ATTEMPTS = 3;

  /** Lower case, so that no database folds its case differently; short enough for constraint names. */
  private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /** The most characters of a hint: the key's last four. */
  private static final int MAX_HINT_LENGTH = 4;

  /**
   * How often a transaction of several statements is tried when the database rolls it back as a
   * deadlock's victim or for a serialization failure.
   */
  private static final int MAX_TRANSACTION_ATTEMPTS = 3;

  private static final Set<StoreFeature> FEATURES = Set.copyOf(EnumSet.allOf(StoreFeature.class));

  /**
   * Rows of the change table older than this are deleted: far longer than any feed that is
   * current needs them, and a feed that fell further behind reset its cache anyway.
   */
  static final Duration CHANGE_RETENTION = Duration.ofMinutes(1);

  /** How often a store deletes old rows of the change table, at most, as it writes. */
  private static final long PRUNE_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

  /** Positional parameters only: the same with any parser the host configured, cached once here. */
  private static final SqlParser PARSER = new ColonPrefixSqlParser();

  private final Jdbi jdbi;
  /** The host's data source when the store was built on one, else null: see {@link #perRequest}. */
  private final @Nullable DataSource dataSource;
  private final Dialect dialect;
  private final DialectRules rules;
  private final String table;
  private final Statements sql;
  private final ChangeStatements changes;
  /** The insert, and on PostgreSQL its NOTIFY in the same statement. */
  private final String insert;
  /** When this store next deletes old changes. */
  private final AtomicLong nextPrune = new AtomicLong(System.nanoTime());

  private JdbiApikeyStore(Jdbi jdbi, @Nullable DataSource dataSource, Dialect dialect, String table) {
    this.jdbi = jdbi;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.rules = DialectRules.of(dialect);
    this.table = table;
    this.sql = Statements.of(dialect, table);
    this.changes = ChangeStatements.of(dialect, table);
    this.insert = changes.notifies()
        ? "WITH inserted AS (" + sql.insert() + " RETURNING tenant, key_digest)"
            + " SELECT pg_notify(?, encode(key_digest, 'hex') || tenant) FROM inserted"
        : sql.insert();
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
    return new Builder(Jdbi.create(Objects.requireNonNull(dataSource, "dataSource")), dataSource);
  }

  /**
   * A builder for a store on the host's Jdbi.
   *
   * @param jdbi the host's Jdbi
   * @return the builder
   */
  public static Builder builder(Jdbi jdbi) {
    return new Builder(Objects.requireNonNull(jdbi, "jdbi"), null);
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
    for (String statement : SchemaScript.allFiles(dialect, table)) {
      oneStatement(handle -> configured(handle.createUpdate(statement)).execute());
    }
    return this;
  }

  /**
   * {@inheritDoc}
   *
   * @return every feature: {@link StoreFeature#EXPIRY}, {@link StoreFeature#LAST_USE}, {@link
   *     StoreFeature#HINT} and {@link StoreFeature#ATOMIC_REVOKE}
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
    if (hasNul(key.tenant(), key.name(), key.role(), key.keyId(), key.createdBy())
        || (key.hint() != null && hasNul(key.hint()))) {
      throw new IllegalArgumentException("a stored key's text must not contain U+0000");
    }
    if (key.hint() != null && key.hint().length() > MAX_HINT_LENGTH) {
      throw new IllegalArgumentException("a key's hint has at most " + MAX_HINT_LENGTH + " characters");
    }
    byte[] digest = key.digest().bytes();
    Instant createdAt = key.createdAt().truncatedTo(ChronoUnit.MILLIS);
    Instant expiresAt = millis(key.expiresAt());
    Instant lastUsedAt = millis(key.lastUsedAt());
    for (int attempt = 1; ; attempt++) {
      try {
        perRequest(
            connection -> {
              if (changes.notifies()) {
                return insertRow(connection, key, digest, createdAt, expiresAt, lastUsedAt);
              }
              // The key and its change in one transaction: every feed sees the insert iff it commits.
              return transactional(connection, c -> {
                int inserted = insertRow(c, key, digest, createdAt, expiresAt, lastUsedAt);
                publish(c, key.tenant(), digest);
                return inserted;
              });
            });
        pruneChangesIfDue();
        return InsertOutcome.INSERTED;
      } catch (StorageUnavailableException e) {
        if (!rules.isUniqueViolation(e)) {
          throw e;
        }
      }
      // Which constraint? Asked in a new transaction: one at REPEATABLE READ or stricter would not
      // see the key that beat us. Error messages would tell too, but they are localised, differ
      // between versions, and quote the input.
      InsertOutcome conflict = conflict(digest, key.tenant(), key.name());
      if (conflict != null) {
        return conflict;
      }
      if (attempt == MAX_INSERT_ATTEMPTS) {
        throw new StorageUnavailableException(
            new IllegalStateException(
                "table " + table + " rejected an insert as a duplicate " + attempt
                    + " times, yet neither the name nor the digest is taken: does it have another unique constraint?"));
      }
    }
  }

  private int insertRow(Connection connection, StoredApikey key, byte[] digest, Instant createdAt,
      @Nullable Instant expiresAt, @Nullable Instant lastUsedAt) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(insert)) {
      statement.setString(1, key.tenant());
      statement.setString(2, key.name());
      statement.setString(3, key.role());
      statement.setBytes(4, digest);
      statement.setString(5, key.keyId());
      statement.setString(6, key.hint());
      statement.setString(7, key.createdBy());
      rules.bindInstant(statement, 8, createdAt);
      rules.bindInstant(statement, 9, expiresAt);
      rules.bindInstant(statement, 10, lastUsedAt);
      if (changes.notifies()) {
        statement.setString(11, changes.channel());
        statement.execute(); // the NOTIFY's row; a taken name or digest fails as the plain insert does
        return 1;
      }
      return statement.executeUpdate();
    }
  }

  /**
   * Publishes the change of a key in the caller's transaction, for every process's change feed: a
   * {@code NOTIFY} on PostgreSQL, delivered only if the transaction commits; a row of the change
   * table elsewhere, visible only then.
   */
  private void publish(Connection connection, String tenant, byte[] digest) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(changes.publish())) {
      if (changes.notifies()) {
        statement.setString(1, changes.channel());
        statement.setString(2, HexFormat.of().formatHex(digest) + tenant);
        statement.execute();
      } else {
        statement.setString(1, tenant);
        statement.setBytes(2, digest);
        statement.executeUpdate();
      }
    }
  }

  /** The outcome for the constraint that an insert hit, or null if the conflicting key is gone. */
  private @Nullable InsertOutcome conflict(byte[] digest, String tenant, String name) {
    return oneStatement(
        handle ->
            configured(handle.createQuery(sql.conflicts()))
                .bind(0, bytes(digest))
                .bind(1, text(tenant))
                .bind(2, text(name))
                .map(
                    (row, ctx) -> {
                      // The name first: a taken name is final, while a digest clash only makes the
                      // service retry with a new key, to be told about the name then.
                      if (row.getLong(2) > 0) {
                        return InsertOutcome.NAME_TAKEN;
                      }
                      return row.getLong(1) > 0 ? InsertOutcome.DIGEST_TAKEN : null;
                    })
                .one());
  }

  @Override
  public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(digest, "digest");
    if (hasNul(tenant)) {
      return Optional.empty();
    }
    return perRequest(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql.findByDigest())) {
            statement.setBytes(1, digest.bytes());
            statement.setString(2, tenant);
            try (ResultSet row = statement.executeQuery()) {
              return row.next() ? Optional.of(row(row, null)) : Optional.<StoredApikey>empty();
            }
          }
        });
  }

  @Override
  public Optional<StoredApikey> findByName(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    if (hasNul(tenant, name)) {
      return Optional.empty();
    }
    return oneStatement(
        handle ->
            configured(handle.createQuery(sql.findByName()))
                .bind(0, text(tenant))
                .bind(1, text(name))
                .map(this::row)
                .findOne());
  }

  @Override
  public List<StoredApikey> list(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    if (hasNul(tenant)) {
      return List.of();
    }
    return oneStatement(
        handle -> configured(handle.createQuery(sql.list())).bind(0, text(tenant)).map(this::row).list());
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
    if (afterName == null) {
      return oneStatement(
          handle ->
              configured(handle.createQuery(sql.firstPage()))
                  .bind(0, text(tenant))
                  .bind(1, integer(limit))
                  .map(this::row)
                  .list());
    }
    // No stored name holds U+0000, so the names after "p\0q" are exactly those after "p"; and
    // PostgreSQL cannot take U+0000 in a parameter.
    int nul = afterName.indexOf('\0');
    String after = nul < 0 ? afterName : afterName.substring(0, nul);
    return oneStatement(
        handle ->
            configured(handle.createQuery(sql.pageAfter()))
                .bind(0, text(tenant))
                .bind(1, text(after))
                .bind(2, integer(limit))
                .map(this::row)
                .list());
  }

  @Override
  public boolean delete(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    if (hasNul(tenant, name)) {
      return false;
    }
    boolean deleted = transaction(
        handle -> {
          List<StoredApikey> keys =
              configured(handle.createQuery(sql.lockTenant())).bind(0, text(tenant)).map(this::row).list();
          for (StoredApikey key : keys) {
            if (key.name().equals(name)) {
              configured(handle.createUpdate(sql.delete())).bind(0, text(tenant)).bind(1, text(name)).execute();
              publish(handle.getConnection(), tenant, key.digest().bytes());
              return true;
            }
          }
          return false;
        });
    if (deleted) {
      pruneChangesIfDue();
    }
    return deleted;
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
    RevokeOutcome outcome = transaction(
        handle -> {
          List<StoredApikey> keys =
              configured(handle.createQuery(sql.lockTenant())).bind(0, text(tenant)).map(this::row).list();
          StoredApikey target = null;
          for (StoredApikey key : keys) {
            if (key.name().equals(name)) {
              target = key;
              break;
            }
          }
          if (target == null) {
            return RevokeOutcome.NOT_FOUND;
          }
          RevokeOutcome verdict = Objects.requireNonNull(decision.decide(target, keys), "the decision gave no outcome");
          if (verdict != RevokeOutcome.REVOKED) {
            return verdict;
          }
          int deleted =
              configured(handle.createUpdate(sql.delete())).bind(0, text(tenant)).bind(1, text(name)).execute();
          // The row is locked: nobody can have deleted or replaced it since it was read.
          if (deleted == 0) {
            return RevokeOutcome.NOT_FOUND;
          }
          publish(handle.getConnection(), tenant, target.digest().bytes());
          return RevokeOutcome.REVOKED;
        });
    if (outcome == RevokeOutcome.REVOKED) {
      pruneChangesIfDue();
    }
    return outcome;
  }

  /**
   * Deletes the rows of the change table older than {@link #CHANGE_RETENTION}, at most once every
   * ten seconds per store, after a write that added one: the table holds about a minute of
   * changes, whether or not any feed reads it. Housekeeping: a failure is left for the next time.
   */
  private void pruneChangesIfDue() {
    long now = System.nanoTime();
    long due = nextPrune.get();
    if (changes.notifies() || now - due < 0 || !nextPrune.compareAndSet(due, now + PRUNE_EVERY_NANOS)) {
      return;
    }
    try {
      oneStatement(handle -> configured(handle.createUpdate(changes.prune())).bind(0, integer((int) CHANGE_RETENTION.toSeconds()))
          .execute());
    } catch (StorageUnavailableException e) {
      // the write succeeded; the next one due tries again
    }
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
        (digest, at) -> when.put(Objects.requireNonNull(digest, "digest"), millis(Objects.requireNonNull(at, "at"))));
    List<KeyDigest> digests = List.copyOf(when.keySet());
    Comparator<UsedKey> primaryKeyOrder =
        Comparator.comparing(UsedKey::tenant, rules.textOrder()).thenComparing(UsedKey::name, rules.textOrder());
    transaction(
        handle -> {
          List<UsedKey> found = new ArrayList<>();
          int most = Statements.MAX_DIGESTS_PER_LOOKUP;
          for (int from = 0; from < digests.size(); from += most) {
            List<KeyDigest> chunk = digests.subList(from, Math.min(digests.size(), from + most));
            Query lookup = configured(handle.createQuery(Statements.keysOfDigests(table, chunk.size())));
            for (int i = 0; i < chunk.size(); i++) {
              lookup.bind(i, bytes(chunk.get(i).bytes()));
            }
            lookup
                .map((row, ctx) -> new UsedKey(KeyDigest.of(row.getBytes(1)), row.getString(2), row.getString(3)))
                .forEach(found::add);
          }
          if (found.isEmpty()) {
            return null;
          }
          found.sort(primaryKeyOrder);
          PreparedBatch batch = configured(handle.prepareBatch(sql.recordLastUse()));
          for (UsedKey key : found) {
            Instant at = when.get(key.digest());
            batch
                .bind(0, instant(at))
                .bind(1, text(key.tenant()))
                .bind(2, text(key.name()))
                .bind(3, bytes(key.digest().bytes()))
                .bind(4, instant(at))
                .add();
          }
          batch.execute();
          return null;
        });
  }

  /** A stored key a last-use batch updates. */
  private record UsedKey(KeyDigest digest, String tenant, String name) {}

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
    JdbcChangeFeed.ConnectionSource connections =
        dataSource != null ? dataSource::getConnection : () -> jdbi.open().getConnection();
    return new JdbcChangeFeed(connections, changes, interval);
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

  /** A row of {@link Statements#COLUMNS}. */
  private StoredApikey row(ResultSet row, @Nullable StatementContext ctx) throws SQLException {
    return new StoredApikey(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        KeyDigest.of(row.getBytes(4)),
        row.getString(5),
        row.getString(6),
        row.getString(7),
        rules.readInstant(row, 8),
        rules.readInstant(row, 9),
        rules.readInstant(row, 10));
  }

  /**
   * Runs one statement as a transaction of its own; every failure becomes storage-unavailable. In
   * auto-commit mode, every pool's default, the statement is that transaction. A connection handed
   * out with auto-commit off is committed (or rolled back) here, since nobody else will: Jdbi's
   * {@code inTransaction} would take such a connection's transaction for its owner's, join it and
   * commit nothing, and the pool would roll the insert back.
   */
  private <T> T oneStatement(HandleCallback<T, SQLException> statement) {
    try {
      return jdbi.withHandle(handle -> committed(handle.getConnection(), connection -> statement.withHandle(handle)));
    } catch (JdbiException | SQLException e) {
      throw new StorageUnavailableException(e);
    }
  }

  /**
   * {@link #oneStatement} for the two statements of the per-request paths, {@link #insert} and
   * {@link #findByDigest}, in plain JDBC, and on a connection borrowed from the data source itself
   * when the store was built on one. Jdbi's statement machinery (a copy of its configuration per
   * statement, argument resolution, context, cleanables) cost about what a raw statement does on
   * H2, and opening a handle (another copy of the configuration) about 1 µs more, a third of a
   * lookup on H2 (see BENCHMARKS.md). A store built on the host's Jdbi opens a handle, so that the
   * Jdbi's own connection factory is used.
   */
  private <T> T perRequest(JdbcStatement<T> statement) {
    if (dataSource == null) {
      return oneStatement(handle -> statement.run(handle.getConnection()));
    }
    try (Connection connection = dataSource.getConnection()) {
      return committed(connection, statement);
    } catch (SQLException e) {
      throw new StorageUnavailableException(e);
    }
  }

  /** One statement on a connection, committed or rolled back here when the connection is not in auto-commit mode. */
  private static <T> T committed(Connection connection, JdbcStatement<T> statement) throws SQLException {
    if (connection.getAutoCommit()) {
      return statement.run(connection);
    }
    try {
      T result = statement.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }

  /**
   * Several statements as one transaction, committed or rolled back here whatever the connection's
   * auto-commit mode, which is restored afterwards: before a Jdbi handle closes, since Jdbi takes a
   * connection out of auto-commit for an open transaction, rolls it back and throws. After an
   * {@link Error} it is left off, so that whoever closes the connection rolls back.
   */
  private static <T> T transactional(Connection connection, JdbcStatement<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) {
      connection.setAutoCommit(false);
    }
    T result;
    try {
      result = committed(connection, work);
    } catch (SQLException | RuntimeException e) {
      if (autoCommit) {
        try {
          connection.setAutoCommit(true);
        } catch (SQLException restore) {
          e.addSuppressed(restore);
        }
      }
      throw e;
    }
    if (autoCommit) {
      connection.setAutoCommit(true);
    }
    return result;
  }

  /** A statement in plain JDBC. */
  @FunctionalInterface
  private interface JdbcStatement<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs several statements as one transaction, committed here, whatever the connection's
   * auto-commit mode (restored afterwards); every database failure becomes storage-unavailable,
   * other exceptions pass unchanged after the rollback. Run again, from the start, when the
   * database rolled it back as a deadlock's victim or for a serialization failure.
   */
  private <T> T transaction(HandleCallback<T, SQLException> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.withHandle(handle -> inTransaction(handle, work));
      } catch (JdbiException | SQLException e) {
        if (attempt == MAX_TRANSACTION_ATTEMPTS || !rules.isTransactionConflict(e)) {
          throw new StorageUnavailableException(e);
        }
      }
    }
  }

  private static <T> T inTransaction(Handle handle, HandleCallback<T, SQLException> work) throws SQLException {
    return transactional(handle.getConnection(), connection -> work.withHandle(handle));
  }

  /**
   * Our statements are plain SQL with positional parameters: they must not pass through a template
   * engine or parser the host configured on its Jdbi. Configured on the statement, whose settings
   * are its own copy, so the host's handle is left untouched.
   */
  private static <S extends SqlStatement<S>> S configured(S statement) {
    return statement.configure(
        SqlStatements.class, settings -> settings.setTemplateEngine(TemplateEngine.NOP).setSqlParser(PARSER));
  }

  /** A text or null. */
  private static Argument text(@Nullable String value) {
    return (position, statement, ctx) -> {
      if (value == null) {
        statement.setNull(position, Types.VARCHAR);
      } else {
        statement.setString(position, value);
      }
    };
  }

  private static Argument bytes(byte[] value) {
    return (position, statement, ctx) -> statement.setBytes(position, value);
  }

  private static Argument integer(int value) {
    return (position, statement, ctx) -> statement.setInt(position, value);
  }

  /** An instant or null, bound as the dialect keeps instants. */
  private Argument instant(@Nullable Instant value) {
    return (position, statement, ctx) -> rules.bindInstant(statement, position, value);
  }

  /** As the columns keep it: truncated to the millisecond. */
  private static @Nullable Instant millis(@Nullable Instant value) {
    return value == null ? null : value.truncatedTo(ChronoUnit.MILLIS);
  }

  private static boolean hasNul(String... values) {
    for (String value : values) {
      if (value.indexOf('\0') >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Builds a {@link JdbiApikeyStore}; each option may be set once. */
  public static final class Builder {
    private final Jdbi jdbi;
    private final @Nullable DataSource dataSource;
    private @Nullable Dialect dialect;
    private @Nullable String table;

    private Builder(Jdbi jdbi, @Nullable DataSource dataSource) {
      this.jdbi = jdbi;
      this.dataSource = dataSource;
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
      return new JdbiApikeyStore(jdbi, dataSource, detected, table != null ? table : DEFAULT_TABLE);
    }

    private Dialect detect() {
      try {
        return jdbi.withHandle(handle -> DialectRules.detect(handle.getConnection().getMetaData()));
      } catch (JdbiException | SQLException e) {
        throw new StorageUnavailableException(e);
      }
    }
  }
}
