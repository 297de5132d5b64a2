package dev.apikeys.storage.jdbc;

import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.jdbc.internal.ChangeStatements;
import dev.apikeys.storage.jdbc.internal.SchemaScript;
import dev.apikeys.storage.jdbc.internal.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The store's statements on one table of keys, each on a connection its caller borrowed and in the
 * caller's transaction: plain JDBC, every value a bound parameter. Instants arrive truncated to the
 * millisecond, as the columns keep them.
 */
final class KeyTable {

  private final Dialect dialect;
  private final String table;
  private final Statements sql;
  private final ChangeStatements changes;
  /** The insert, and on PostgreSQL its NOTIFY in the same statement. */
  private final String insert;

  KeyTable(Dialect dialect, String table) {
    this.dialect = dialect;
    this.table = table;
    this.sql = Statements.of(dialect, table);
    this.changes = ChangeStatements.of(dialect, table);
    this.insert = changes.notifies()
        ? "WITH inserted AS (" + sql.insert() + " RETURNING tenant, key_digest)"
            + " SELECT pg_notify(?, encode(key_digest, 'hex') || tenant) FROM inserted"
        : sql.insert();
  }

  ChangeStatements changes() {
    return changes;
  }

  /** The statements of the dialect's schema files in order, for this table. */
  List<String> schema() {
    return SchemaScript.allFiles(dialect, table);
  }

  /** Runs one statement of the schema files. */
  static void execute(Connection connection, String schemaStatement) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(schemaStatement);
    }
  }

  /**
   * Inserts a key without a previous key; on PostgreSQL its change is notified by the same
   * statement, elsewhere the caller publishes it in the same transaction. A taken name or digest
   * fails as the database reports it; on PostgreSQL a digest that is some key's previous digest
   * inserts nothing (elsewhere the caller asks {@link #digestUses} first).
   *
   * @return whether a row was inserted: always but on PostgreSQL, since a conflict fails
   */
  boolean insert(Connection connection, StoredApikey key) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(insert)) {
      statement.setString(1, key.tenant());
      statement.setString(2, key.name());
      statement.setString(3, key.role());
      bindKey(statement, 4, key);
      dialect.bindInstant(statement, 10, key.lastUsedAt());
      if (changes.notifies()) {
        statement.setBytes(11, key.digest().bytes());
        statement.setString(12, changes.channel());
        try (ResultSet notified = statement.executeQuery()) {
          return notified.next(); // the NOTIFY's row, one per inserted key
        }
      }
      statement.executeUpdate(); // one row, or a unique violation
    }
    return true;
  }

  /** How many keys or previous keys have a digest: 0 or 1. */
  long digestUses(Connection connection, KeyDigest digest) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.digestTaken())) {
      statement.setBytes(1, digest.bytes());
      statement.setBytes(2, digest.bytes());
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** A key by tenant and name, its row locked until the transaction ends. */
  Optional<StoredApikey> lockKey(Connection connection, String tenant, String name) throws SQLException {
    return byName(connection, sql.lockKey(), tenant, name);
  }

  /** Replaces the row of a name, which the caller has locked, by a rotated key and its previous key. */
  void rotate(Connection connection, StoredApikey key, StoredApikey previous) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.rotate())) {
      statement.setString(1, key.role());
      bindKey(statement, 2, key);
      dialect.bindInstant(statement, 8, key.lastUsedAt());
      bindKey(statement, 9, previous);
      statement.setString(15, key.tenant());
      statement.setString(16, key.name());
      statement.executeUpdate();
    }
  }

  /**
   * Publishes the change of a key in the caller's transaction, for every process's change feed: a
   * {@code NOTIFY} on PostgreSQL, delivered only if the transaction commits; a row of the change
   * table elsewhere, visible only then.
   */
  void publish(Connection connection, String tenant, KeyDigest digest) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(changes.publish())) {
      if (changes.notifies()) {
        statement.setString(1, changes.channel());
        statement.setString(2, HexFormat.of().formatHex(digest.bytes()) + tenant);
        statement.execute();
      } else {
        statement.setString(1, tenant);
        statement.setBytes(2, digest.bytes());
        statement.executeUpdate();
      }
    }
  }

  /** Deletes the changes older than a number of seconds (polled databases only). */
  void pruneChanges(Connection connection, int olderThanSeconds) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(changes.prune())) {
      statement.setInt(1, olderThanSeconds);
      statement.executeUpdate();
    }
  }

  /** The outcome for the constraint that an insert hit, or null if the conflicting key is gone. */
  @Nullable InsertOutcome conflict(Connection connection, KeyDigest digest, String tenant, String name)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.conflicts())) {
      statement.setBytes(1, digest.bytes());
      statement.setBytes(2, digest.bytes());
      statement.setString(3, tenant);
      statement.setString(4, name);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("the conflict query returned no row");
        }
        // The name first: a taken name is final, while a digest clash only makes the service
        // retry with a new key, to be told about the name then.
        if (row.getLong(2) > 0) {
          return InsertOutcome.NAME_TAKEN;
        }
        return row.getLong(1) > 0 ? InsertOutcome.DIGEST_TAKEN : null;
      }
    }
  }

  /**
   * The key with a digest, else the previous key with it: the second query only on a miss, so that
   * authenticating a current key costs what it did before rotation existed (one UNION ALL of both
   * made it five times slower on H2). Unknown keys pay two lookups; a cache keeps them apart.
   */
  Optional<StoredApikey> findByDigest(Connection connection, String tenant, KeyDigest digest) throws SQLException {
    Optional<StoredApikey> key = findOne(connection, sql.findByDigest(), tenant, digest);
    if (key.isPresent()) {
      return key;
    }
    return findOne(connection, sql.findByPreviousDigest(), tenant, digest).map(StoredApikey::previous);
  }

  private Optional<StoredApikey> findOne(Connection connection, String query, String tenant, KeyDigest digest)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setBytes(1, digest.bytes());
      statement.setString(2, tenant);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(key(row)) : Optional.empty();
      }
    }
  }

  Optional<StoredApikey> findByName(Connection connection, String tenant, String name) throws SQLException {
    return byName(connection, sql.findByName(), tenant, name);
  }

  private Optional<StoredApikey> byName(Connection connection, String query, String tenant, String name)
      throws SQLException {
    List<StoredApikey> found = keys(connection, query, s -> {
      s.setString(1, tenant);
      s.setString(2, name);
    });
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The tenant's keys by name in code point order. */
  List<StoredApikey> list(Connection connection, String tenant) throws SQLException {
    return keys(connection, sql.list(), s -> s.setString(1, tenant));
  }

  /** A page of the tenant's keys by name in code point order, after a name unless it is null. */
  List<StoredApikey> page(Connection connection, String tenant, @Nullable String afterName, int limit)
      throws SQLException {
    if (afterName == null) {
      return keys(connection, sql.firstPage(), s -> {
        s.setString(1, tenant);
        s.setInt(2, limit);
      });
    }
    return keys(connection, sql.pageAfter(), s -> {
      s.setString(1, tenant);
      s.setString(2, afterName);
      s.setInt(3, limit);
    });
  }

  /** The tenant's keys, each row locked until the transaction ends, in primary-key order. */
  List<StoredApikey> lockTenant(Connection connection, String tenant) throws SQLException {
    return keys(connection, sql.lockTenant(), s -> s.setString(1, tenant));
  }

  /** Deletes a key by tenant and name, whose row the caller has locked. */
  void delete(Connection connection, String tenant, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.delete())) {
      statement.setString(1, tenant);
      statement.setString(2, name);
      statement.executeUpdate();
    }
  }

  /** A stored key a last-use batch updates. */
  record UsedKey(KeyDigest digest, String tenant, String name) {}

  /**
   * Tenant and name of the stored keys among the digests, without locking, in primary-key order:
   * the order a revoke locks them in.
   */
  List<UsedKey> keysOf(Connection connection, List<KeyDigest> digests) throws SQLException {
    List<UsedKey> found = new ArrayList<>();
    int most = Statements.MAX_DIGESTS_PER_LOOKUP;
    for (int from = 0; from < digests.size(); from += most) {
      List<KeyDigest> chunk = digests.subList(from, Math.min(digests.size(), from + most));
      try (PreparedStatement lookup = connection.prepareStatement(Statements.keysOfDigests(table, chunk.size()))) {
        for (int i = 0; i < chunk.size(); i++) {
          lookup.setBytes(i + 1, chunk.get(i).bytes());
        }
        try (ResultSet row = lookup.executeQuery()) {
          while (row.next()) {
            found.add(new UsedKey(KeyDigest.of(row.getBytes(1)), row.getString(2), row.getString(3)));
          }
        }
      }
    }
    found.sort(Comparator.comparing(UsedKey::tenant, dialect.textOrder()).thenComparing(UsedKey::name, dialect.textOrder()));
    return found;
  }

  /** Sets each key's last use unless it is that late already, in one batch, in the keys' order. */
  void recordLastUse(Connection connection, List<UsedKey> keys, Map<KeyDigest, Instant> when) throws SQLException {
    try (PreparedStatement batch = connection.prepareStatement(sql.recordLastUse())) {
      for (UsedKey key : keys) {
        Instant at = when.get(key.digest());
        dialect.bindInstant(batch, 1, at);
        batch.setString(2, key.tenant());
        batch.setString(3, key.name());
        batch.setBytes(4, key.digest().bytes());
        dialect.bindInstant(batch, 5, at);
        batch.addBatch();
      }
      batch.executeBatch();
    }
  }

  /**
   * Binds the six columns a key and a previous key keep alike, from {@code first} on: digest, key
   * id, hint, created by, created at, expires at.
   */
  private void bindKey(PreparedStatement statement, int first, StoredApikey key) throws SQLException {
    statement.setBytes(first, key.digest().bytes());
    statement.setString(first + 1, key.keyId());
    statement.setString(first + 2, key.hint());
    statement.setString(first + 3, key.createdBy());
    dialect.bindInstant(statement, first + 4, key.createdAt());
    dialect.bindInstant(statement, first + 5, key.expiresAt());
  }

  /** Binds a statement's parameters. */
  @FunctionalInterface
  private interface Parameters {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** The keys a query of {@link Statements#COLUMNS} finds. */
  private List<StoredApikey> keys(Connection connection, String query, Parameters parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      parameters.bind(statement);
      List<StoredApikey> keys = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          keys.add(key(row));
        }
      }
      return keys;
    }
  }

  /** A row of {@link Statements#COLUMNS}, with its previous key if it has one. */
  private StoredApikey key(ResultSet row) throws SQLException {
    String tenant = row.getString(1);
    String name = row.getString(2);
    String role = row.getString(3);
    byte[] previousDigest = row.getBytes(11);
    StoredApikey previous = previousDigest == null ? null : new StoredApikey(tenant, name, role,
        KeyDigest.of(previousDigest),
        row.getString(12),
        row.getString(13),
        row.getString(14),
        Objects.requireNonNull(dialect.readInstant(row, 15), "previous_created_at"),
        Objects.requireNonNull(dialect.readInstant(row, 16), "previous_expires_at"),
        null);
    return new StoredApikey(tenant, name, role,
        KeyDigest.of(row.getBytes(4)),
        row.getString(5),
        row.getString(6),
        row.getString(7),
        Objects.requireNonNull(dialect.readInstant(row, 8), "created_at"),
        dialect.readInstant(row, 9),
        dialect.readInstant(row, 10),
        previous);
  }
}
