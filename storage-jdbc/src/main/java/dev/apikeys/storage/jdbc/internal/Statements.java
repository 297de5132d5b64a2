package dev.apikeys.storage.jdbc.internal;

import dev.apikeys.storage.jdbc.Dialect;

/**
 * The SQL of the store for one table. The table name is checked when the store is built and is
 * the only part not bound as a parameter: no input ever reaches the SQL text.
 *
 * <p>Every query that reads keys returns {@link #COLUMNS}, in the order of {@code StoredApikey}'s
 * components.
 *
 * <p>A transaction that locks several rows, a revoke or a last-use batch, locks them in the order
 * of the primary key, (tenant, name), so that such transactions wait for one another rather than
 * deadlock. A revoke reads its tenant's rows {@code ORDER BY name FOR UPDATE}: InnoDB and H2 lock
 * them as they scan the primary key, PostgreSQL sorts them by name ({@code COLLATE "C"}, the
 * index's order) before it locks. A batch looks its keys up first, unlocked, then updates them by
 * primary key in that order.
 *
 * @param insert inserts one key without a previous key: the ten {@link #INSERT_COLUMNS}; on
 *     PostgreSQL then its digest again, as nothing is inserted while it is some key's previous
 *     digest
 * @param findByDigest one key by digest and tenant
 * @param findByPreviousDigest the key whose previous key has a digest, by digest and tenant
 * @param lockKey one key by tenant and name, its row locked until the transaction ends
 * @param findByName one key by tenant and name
 * @param list the keys of a tenant, by name in code point order
 * @param firstPage the first keys of a tenant, by name in code point order: tenant, limit
 * @param pageAfter the keys of a tenant after a name, by name in code point order: tenant, name,
 *     limit
 * @param lockTenant the keys of a tenant, each row locked until the transaction ends, in
 *     primary-key order
 * @param delete a key by tenant and name
 * @param recordLastUse sets last_used_at of a key unless it is that late already: the instant,
 *     tenant, name, digest, the instant again
 * @param conflicts after a unique violation or an insert of nothing: whether the digest (as a key
 *     or a previous key), and whether the tenant's name, is taken, as two counts: digest, digest,
 *     tenant, name
 * @param digestTaken how many keys or previous keys have a digest: digest, digest
 * @param rotate replaces a key by tenant and name: role, the new key's seven columns from
 *     key_digest to last_used_at, the previous key's six, tenant, name
 */
public record Statements(
    String insert,
    String findByDigest,
    String findByPreviousDigest,
    String lockKey,
    String findByName,
    String list,
    String firstPage,
    String pageAfter,
    String lockTenant,
    String delete,
    String recordLastUse,
    String conflicts,
    String digestTaken,
    String rotate) {
  /** The columns an insert writes, in the order of {@code StoredApikey}'s components. */
  public static final String INSERT_COLUMNS =
      "tenant, name, role, key_digest, key_id, key_hint, created_by, created_at, expires_at, last_used_at";

  /** The columns every query reads: {@link #INSERT_COLUMNS}, then the previous key's. */
  public static final String COLUMNS = INSERT_COLUMNS + ", previous_digest, previous_key_id, previous_hint,"
      + " previous_created_by, previous_created_at, previous_expires_at";

  /** The most digests {@link #keysOfDigests(String, int)} looks up at once. */
  public static final int MAX_DIGESTS_PER_LOOKUP = 500;

  /**
   * Looks up tenant and name of up to {@link #MAX_DIGESTS_PER_LOOKUP} digests, without locking:
   * key_digest, tenant, name of those stored.
   *
   * @param table a checked table name
   * @param count how many digests are bound, 1 to {@link #MAX_DIGESTS_PER_LOOKUP}
   * @return the query
   */
  public static String keysOfDigests(String table, int count) {
    if (count < 1 || count > MAX_DIGESTS_PER_LOOKUP) {
      throw new IllegalArgumentException("1 to " + MAX_DIGESTS_PER_LOOKUP + " digests, not " + count);
    }
    return "SELECT key_digest, tenant, name FROM " + table + " WHERE key_digest IN (?" + ", ?".repeat(count - 1) + ")";
  }

  /** The statements for a table whose name has been checked. */
  public static Statements of(Dialect dialect, String table) {
    String select = "SELECT " + COLUMNS + " FROM " + table;
    // Names in code point order. PostgreSQL's COLLATE "C" and MariaDB's utf8mb4_nopad_bin, set on
    // the column by V1, compare so, and the primary key's index gives the order. H2 compares
    // VARCHAR by UTF-16 code unit, which puts U+10000 and above before U+E000..U+FFFF; its UTF-8
    // bytes compare by code point (unsigned), at the price of a sort of the tenant's rows.
    String byName = dialect == Dialect.H2 ? "STRINGTOUTF8(name)" : "name";
    String afterName = dialect == Dialect.H2 ? "STRINGTOUTF8(?)" : "?";
    // Each count on its own index, rather than one OR.
    String digestCount = "(SELECT COUNT(*) FROM " + table + " WHERE key_digest = ?)"
        + " + (SELECT COUNT(*) FROM " + table + " WHERE previous_digest = ?)";
    return new Statements(
        // PostgreSQL inserts in one statement (with its NOTIFY), so it checks the previous digests
        // there; MariaDB would take gap locks on their index for a NOT EXISTS at REPEATABLE READ,
        // and concurrent inserts would deadlock: it and H2 check with a plain read first instead.
        dialect == Dialect.POSTGRESQL
            ? "INSERT INTO " + table + " (" + INSERT_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE previous_digest = ?)"
            : "INSERT INTO " + table + " (" + INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        select + " WHERE key_digest = ? AND tenant = ?",
        select + " WHERE previous_digest = ? AND tenant = ?",
        select + " WHERE tenant = ? AND name = ? FOR UPDATE",
        select + " WHERE tenant = ? AND name = ?",
        select + " WHERE tenant = ? ORDER BY " + byName,
        select + " WHERE tenant = ? ORDER BY " + byName + " LIMIT ?",
        select + " WHERE tenant = ? AND " + byName + " > " + afterName + " ORDER BY " + byName + " LIMIT ?",
        select + " WHERE tenant = ? ORDER BY name FOR UPDATE",
        "DELETE FROM " + table + " WHERE tenant = ? AND name = ?",
        // By primary key, so that InnoDB locks no entry of the digest index; the digest too, in
        // case the name was revoked and given to a new key since it was looked up.
        "UPDATE " + table + " SET last_used_at = ?"
            + " WHERE tenant = ? AND name = ? AND key_digest = ? AND (last_used_at IS NULL OR last_used_at < ?)",
        "SELECT " + digestCount + ", (SELECT COUNT(*) FROM " + table + " WHERE tenant = ? AND name = ?)",
        "SELECT " + digestCount,
        "UPDATE " + table + " SET role = ?, key_digest = ?, key_id = ?, key_hint = ?, created_by = ?, created_at = ?,"
            + " expires_at = ?, last_used_at = ?, previous_digest = ?, previous_key_id = ?, previous_hint = ?,"
            + " previous_created_by = ?, previous_created_at = ?, previous_expires_at = ? WHERE tenant = ? AND name = ?");
  }
}
