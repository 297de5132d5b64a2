package dev.apikeys.storage.jdbc.internal;

/**
 * The SQL of the store for one table. The table name is checked when the store is built and is
 * the only part not bound as a parameter: no input ever reaches the SQL text.
 *
 * @param insert inserts one key: tenant, name, role, key_digest, key_id, created_by, created_at
 * @param findByDigest one key by digest and tenant
 * @param list the keys of a tenant
 * @param delete a key by tenant and name
 * @param conflicts after a unique violation: whether the digest, and whether the tenant's name, is
 *     taken, as two counts
 */
public record Statements(String insert, String findByDigest, String list, String delete, String conflicts) {
  private static final String COLUMNS = "tenant, name, role, key_digest, key_id, created_by, created_at";

  /** The statements for a table whose name has been checked. */
  public static Statements forTable(String table) {
    return new Statements(
        "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        "SELECT " + COLUMNS + " FROM " + table + " WHERE key_digest = ? AND tenant = ?",
        "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant = ?",
        "DELETE FROM " + table + " WHERE tenant = ? AND name = ?",
        "SELECT (SELECT COUNT(*) FROM " + table + " WHERE key_digest = ?),"
            + " (SELECT COUNT(*) FROM " + table + " WHERE tenant = ? AND name = ?)");
  }
}
