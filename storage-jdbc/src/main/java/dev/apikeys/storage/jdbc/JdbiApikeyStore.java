package dev.apikeys.storage.jdbc;

import dev.apikeys.core.StorageUnavailableException;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.jdbc.internal.DialectRules;
import dev.apikeys.storage.jdbc.internal.SchemaScript;
import dev.apikeys.storage.jdbc.internal.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;

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
 * it back at once. Each statement is a transaction of its own, committed by the store, also on
 * connections handed out with auto-commit off: call the store outside the host's own transactions.
 *
 * <p>Keys live in one table, {@value #DEFAULT_TABLE} unless {@link Builder#table(String) renamed}:
 * {@code tenant}, {@code name}, {@code role}, {@code key_digest} (the 32 bytes of the SHA-256
 * digest, never the key), {@code key_id}, {@code created_by}, {@code created_at} (kept to the
 * millisecond; a finer instant is truncated); primary key ({@code tenant}, {@code name}), unique
 * {@code key_digest}. The schema files of each {@link Dialect} create it; so does {@link
 * #createSchemaIfMissing()}. Tenants and names compare exactly: {@code Ci} and {@code ci}, {@code
 * é} and {@code e}+accent, {@code a} and {@code a }, are different names.
 *
 * <p>Each insert is a single statement in a transaction of its own, so a failure never leaves part
 * of a key behind. A name or digest already taken is reported as an {@link InsertOutcome}; every
 * other failure (no connection, pool closed, time-out, server gone, any other SQL error) is thrown as
 * {@link StorageUnavailableException}, never as a raw {@link SQLException} or {@link
 * JdbiException}. Every value is a bound parameter; no SQL is ever built from input.
 *
 * <p>Tenants and names are at most 256 and 128 characters (the core's limits); role at most 128,
 * {@code created_by} at most 256. No text may contain U+0000, which PostgreSQL cannot store: an
 * insert with one is rejected, a lookup for one finds nothing.
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

  private static final Comparator<StoredApikey> BY_NAME =
      Comparator.comparing(StoredApikey::name, JdbiApikeyStore::compareCodePoints);

  /** Positional parameters only: the same with any parser the host configured, cached once here. */
  private static final SqlParser PARSER = new ColonPrefixSqlParser();

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final DialectRules rules;
  private final String table;
  private final Statements sql;

  private JdbiApikeyStore(Jdbi jdbi, Dialect dialect, String table) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.rules = DialectRules.of(dialect);
    this.table = table;
    this.sql = Statements.forTable(table);
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
    return new Builder(Jdbi.create(Objects.requireNonNull(dataSource, "dataSource")));
  }

  /**
   * A builder for a store on the host's Jdbi.
   *
   * @param jdbi the host's Jdbi
   * @return the builder
   */
  public static Builder builder(Jdbi jdbi) {
    return new Builder(Objects.requireNonNull(jdbi, "jdbi"));
  }

  /**
   * Creates the table, with its constraints, unless a table of that name exists: the dialect's
   * {@code V1} schema file, with the table renamed if the store's is. For the embedded default and
   * tests; a host that manages its schema with Flyway or Liquibase runs the schema files instead.
   * An existing table is left exactly as it is, whatever its columns.
   *
   * @return this store
   * @throws StorageUnavailableException if the database fails
   */
  public JdbiApikeyStore createSchemaIfMissing() {
    for (String statement : SchemaScript.createTable(dialect, table)) {
      oneStatement(handle -> configured(handle.createUpdate(statement)).execute());
    }
    return this;
  }

  @Override
  public InsertOutcome insert(StoredApikey key) {
    Objects.requireNonNull(key, "key");
    if (hasNul(key.tenant(), key.name(), key.role(), key.keyId(), key.createdBy())) {
      throw new IllegalArgumentException("a stored key's text must not contain U+0000");
    }
    byte[] digest = key.digest().bytes();
    Instant createdAt = key.createdAt().truncatedTo(ChronoUnit.MILLIS);
    for (int attempt = 1; ; attempt++) {
      try {
        oneStatement(
            handle -> {
              // Plain JDBC on the handle's connection: Jdbi's statement machinery (a copy of its
              // configuration per statement, argument resolution, context, cleanables) cost more
              // than the insert itself on H2 (see BENCHMARKS.md); the handle still manages the
              // connection and the transaction.
              try (PreparedStatement statement = handle.getConnection().prepareStatement(sql.insert())) {
                statement.setString(1, key.tenant());
                statement.setString(2, key.name());
                statement.setString(3, key.role());
                statement.setBytes(4, digest);
                statement.setString(5, key.keyId());
                statement.setString(6, key.createdBy());
                rules.bindInstant(statement, 7, createdAt);
                return statement.executeUpdate();
              }
            });
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

  /** The outcome for the constraint that an insert hit, or null if the conflicting key is gone. */
  private InsertOutcome conflict(byte[] digest, String tenant, String name) {
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
    // Plain JDBC on the handle's connection, as in insert: this runs on every authenticated request.
    return oneStatement(
        handle -> {
          try (PreparedStatement statement = handle.getConnection().prepareStatement(sql.findByDigest())) {
            statement.setBytes(1, digest.bytes());
            statement.setString(2, tenant);
            try (ResultSet row = statement.executeQuery()) {
              return row.next() ? Optional.of(row(row, null)) : Optional.<StoredApikey>empty();
            }
          }
        });
  }

  @Override
  public List<StoredApikey> list(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    if (hasNul(tenant)) {
      return List.of();
    }
    List<StoredApikey> keys =
        oneStatement(handle -> configured(handle.createQuery(sql.list())).bind(0, text(tenant)).map(this::row).list());
    // Sorted here, not by ORDER BY: the contract's order is by code point, which H2 (UTF-16 code
    // units) and any locale collation do not give.
    return keys.stream().sorted(BY_NAME).toList();
  }

  @Override
  public boolean delete(String tenant, String name) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    if (hasNul(tenant, name)) {
      return false;
    }
    return oneStatement(
            handle ->
                configured(handle.createUpdate(sql.delete())).bind(0, text(tenant)).bind(1, text(name)).execute())
        > 0;
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

  private StoredApikey row(ResultSet row, StatementContext ctx) throws SQLException {
    return new StoredApikey(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        KeyDigest.of(row.getBytes(4)),
        row.getString(5),
        row.getString(6),
        rules.readInstant(row, 7));
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
      return jdbi.withHandle(
          handle -> {
            Connection connection = handle.getConnection();
            if (connection.getAutoCommit()) {
              return statement.withHandle(handle);
            }
            try {
              T result = statement.withHandle(handle);
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
          });
    } catch (JdbiException | SQLException e) {
      throw new StorageUnavailableException(e);
    }
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

  private static Argument text(String value) {
    return (position, statement, ctx) -> statement.setString(position, value);
  }

  private static Argument bytes(byte[] value) {
    return (position, statement, ctx) -> statement.setBytes(position, value);
  }

  /** Binary order: by Unicode code point, as UTF-8 bytes and PostgreSQL's {@code COLLATE "C"} sort. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
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
    private Dialect dialect;
    private String table;

    private Builder(Jdbi jdbi) {
      this.jdbi = jdbi;
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
      return new JdbiApikeyStore(jdbi, detected, table != null ? table : DEFAULT_TABLE);
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
