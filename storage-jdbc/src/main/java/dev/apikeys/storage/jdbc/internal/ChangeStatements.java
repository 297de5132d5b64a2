package dev.apikeys.storage.jdbc.internal;

import dev.apikeys.storage.jdbc.Dialect;

/**
 * The SQL of the change feed for one table of keys: how a write publishes the change of a key, and
 * how a feed reads the changes. On PostgreSQL a change is a {@code NOTIFY} on {@link #channel};
 * elsewhere a row in the table {@code <table>_changes} (schema file V3).
 *
 * @param channel PostgreSQL's channel: the table's name and {@code _changes}
 * @param publish publishes one change in the writer's transaction: tenant, digest (PostgreSQL:
 *     channel, payload)
 * @param latest the highest change id, 0 if none (polled databases only)
 * @param after the changes after an id, oldest first, at most {@link #MAX_CHANGES_PER_POLL}: id,
 *     tenant, key_digest (polled databases only)
 * @param prune deletes the changes older than a number of seconds (polled databases only)
 */
public record ChangeStatements(String channel, String publish, String latest, String after, String prune) {
  /** The most changes one poll reads; the next poll reads on from there. */
  public static final int MAX_CHANGES_PER_POLL = 10_000;

  /** The statements for a table whose name has been checked. */
  public static ChangeStatements of(Dialect dialect, String table) {
    String changes = table + "_changes";
    return switch (dialect) {
      case POSTGRESQL -> new ChangeStatements(changes, "SELECT pg_notify(?, ?)", null, null, null);
      case MARIADB -> new ChangeStatements(changes,
          "INSERT INTO " + changes + " (tenant, key_digest, changed_at) VALUES (?, ?, UTC_TIMESTAMP(3))",
          "SELECT COALESCE(MAX(id), 0) FROM " + changes,
          "SELECT id, tenant, key_digest FROM " + changes + " WHERE id > ? ORDER BY id LIMIT " + MAX_CHANGES_PER_POLL,
          "DELETE FROM " + changes + " WHERE changed_at < UTC_TIMESTAMP(3) - INTERVAL ? SECOND");
      case H2 -> new ChangeStatements(changes,
          "INSERT INTO " + changes + " (tenant, key_digest, changed_at) VALUES (?, ?, CURRENT_TIMESTAMP(3))",
          "SELECT COALESCE(MAX(id), 0) FROM " + changes,
          "SELECT id, tenant, key_digest FROM " + changes + " WHERE id > ? ORDER BY id LIMIT " + MAX_CHANGES_PER_POLL,
          "DELETE FROM " + changes + " WHERE changed_at < DATEADD(SECOND, -CAST(? AS INT), CURRENT_TIMESTAMP(3))");
    };
  }

  /** Whether changes are notified ({@code NOTIFY}) rather than stored for polling. */
  public boolean notifies() {
    return latest == null;
  }
}
