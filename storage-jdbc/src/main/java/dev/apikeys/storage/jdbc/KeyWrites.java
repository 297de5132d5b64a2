package dev.apikeys.storage.jdbc;

import dev.apikeys.core.StorageUnavailableException;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.RevokeDecision;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.RotateOutcome;
import dev.apikeys.core.spi.Rotation;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.jdbc.internal.Transactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's writes, each one or more transactions on the key table: an insert and, after a
 * unique violation, the question which constraint it hit; a delete or revoke under the tenant's
 * row locks; a last-use batch. Each publishes the changes it makes in its own transaction, and
 * now and then deletes old changes. Arguments arrive checked and truncated to the millisecond.
 */
final class KeyWrites {
  /**
   * How often an insert is tried when it hits a unique constraint yet neither the name nor the
   * digest is taken any more: the conflicting key was deleted in between.
   */
  private static final int MAX_INSERT_ATTEMPTS = 3;

  /**
   * Rows of the change table older than this are deleted: far longer than any feed that is
   * current needs them, and a feed that fell further behind reset its cache anyway.
   */
  static final Duration CHANGE_RETENTION = Duration.ofMinutes(1);

  /** How often a store deletes old rows of the change table, at most, as it writes. */
  private static final long PRUNE_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

  private final Transactor transactor;
  private final Dialect dialect;
  private final String table;
  private final KeyTable keys;
  /** When this store next deletes old changes. */
  private final AtomicLong nextPrune = new AtomicLong(System.nanoTime());

  KeyWrites(Transactor transactor, Dialect dialect, String table, KeyTable keys) {
    this.transactor = transactor;
    this.dialect = dialect;
    this.table = table;
    this.keys = keys;
  }

  /** Inserts a key, its instants truncated to the millisecond. */
  InsertOutcome insert(StoredApikey row) {
    for (int attempt = 1; ; attempt++) {
      try {
        boolean inserted;
        if (keys.changes().notifies()) {
          inserted = transactor.oneStatement(connection -> keys.insert(connection, row));
        } else {
          // The key and its change in one transaction: every feed sees the insert iff it commits.
          inserted = transactor.transaction(connection -> {
            // A plain read, taking no lock; the unique index of key_digest still guards a race.
            if (keys.digestUses(connection, row.digest()) > 0) {
              return false;
            }
            keys.insert(connection, row); // a row, or a unique violation
            keys.publish(connection, row.tenant(), row.digest());
            return true;
          });
        }
        if (inserted) {
          pruneChangesIfDue();
          return InsertOutcome.INSERTED;
        }
        // Nothing inserted: the digest is some key's previous digest (asked below, with the name).
      } catch (StorageUnavailableException e) {
        if (!dialect.isUniqueViolation(e)) {
          throw e;
        }
      }
      // Which constraint? Asked in a new transaction: one at REPEATABLE READ or stricter would not
      // see the key that beat us. Error messages would tell too, but they are localised, differ
      // between versions, and quote the input.
      InsertOutcome conflict =
          transactor.oneStatement(connection -> keys.conflict(connection, row.digest(), row.tenant(), row.name()));
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

  /** Deletes a key under the tenant's row locks: whether there was one. */
  boolean delete(String tenant, String name) {
    boolean deleted = transactor.transaction(
        connection -> {
          for (StoredApikey key : keys.lockTenant(connection, tenant)) {
            if (key.name().equals(name)) {
              keys.delete(connection, tenant, name);
              publishKeys(connection, key);
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

  /** Revokes a key under the tenant's row locks, as {@code decision} decides: see the store. */
  RevokeOutcome revoke(String tenant, String name, RevokeDecision decision) {
    RevokeOutcome outcome = transactor.transaction(
        connection -> {
          List<StoredApikey> locked = keys.lockTenant(connection, tenant);
          StoredApikey target = null;
          for (StoredApikey key : locked) {
            if (key.name().equals(name)) {
              target = key;
              break;
            }
          }
          if (target == null) {
            return RevokeOutcome.NOT_FOUND;
          }
          RevokeOutcome verdict = Objects.requireNonNull(decision.decide(target, locked), "the decision gave no outcome");
          if (verdict != RevokeOutcome.REVOKED) {
            return verdict;
          }
          // The row is locked: nobody can have deleted or replaced it since it was read.
          keys.delete(connection, tenant, name);
          publishKeys(connection, target);
          return RevokeOutcome.REVOKED;
        });
    if (outcome == RevokeOutcome.REVOKED) {
      pruneChangesIfDue();
    }
    return outcome;
  }

  /**
   * Rotates a key under its row lock, as {@code rotation} makes it: see the store. Publishes the
   * three digests whose keys changed: the new key's, the replaced key's (it has an end now) and
   * the dropped previous key's.
   */
  RotateOutcome rotate(String tenant, String name, Rotation rotation) {
    RotateOutcome outcome;
    try {
      outcome = transactor.transaction(connection -> {
        StoredApikey current = keys.lockKey(connection, tenant, name).orElse(null);
        if (current == null) {
          return RotateOutcome.NOT_FOUND;
        }
        StoredApikey made = rotation.replace(current);
        if (made == null) {
          return RotateOutcome.FORBIDDEN;
        }
        StoredApikey next = checkedForStorage(Rotation.checked(current, made));
        if (keys.digestUses(connection, next.digest()) > 0) {
          return RotateOutcome.DIGEST_TAKEN;
        }
        keys.rotate(connection, next, Objects.requireNonNull(next.previous())); // the row is locked: it is there
        publishKeys(connection, current);
        keys.publish(connection, tenant, next.digest());
        return RotateOutcome.ROTATED;
      });
    } catch (StorageUnavailableException e) {
      // An insert of the same digest committed between the check and the update.
      if (dialect.isUniqueViolation(e)) {
        return RotateOutcome.DIGEST_TAKEN;
      }
      throw e;
    }
    if (outcome == RotateOutcome.ROTATED) {
      pruneChangesIfDue();
    }
    return outcome;
  }

  /** Publishes the change of a key and of its previous key, if it has one. */
  private void publishKeys(Connection connection, StoredApikey key) throws SQLException {
    keys.publish(connection, key.tenant(), key.digest());
    StoredApikey previous = key.previous();
    if (previous != null) {
      keys.publish(connection, key.tenant(), previous.digest());
    }
  }

  /** Records last uses, already truncated to the millisecond, in one transaction. */
  void recordLastUse(Map<KeyDigest, Instant> when) {
    List<KeyDigest> digests = List.copyOf(when.keySet());
    transactor.transaction(
        connection -> {
          List<KeyTable.UsedKey> found = keys.keysOf(connection, digests);
          if (!found.isEmpty()) {
            keys.recordLastUse(connection, found, when);
          }
          return null;
        });
  }

  /**
   * Deletes the rows of the change table older than {@link #CHANGE_RETENTION}, at most once every
   * ten seconds per store, after a write that added one: the table holds about a minute of
   * changes, whether or not any feed reads it. Housekeeping: a failure is left for the next time.
   */
  private void pruneChangesIfDue() {
    long now = System.nanoTime();
    long due = nextPrune.get();
    if (keys.changes().notifies() || now - due < 0 || !nextPrune.compareAndSet(due, now + PRUNE_EVERY_NANOS)) {
      return;
    }
    try {
      transactor.oneStatement(connection -> {
        keys.pruneChanges(connection, (int) CHANGE_RETENTION.toSeconds());
        return null;
      });
    } catch (StorageUnavailableException e) {
      // the write succeeded; the next one due tries again
    }
  }

  /**
   * The key as the columns keep it, its previous key's too: every instant truncated to the
   * millisecond.
   *
   * @throws IllegalArgumentException if a text contains U+0000, or a hint has more than four
   *     characters
   */
  static StoredApikey checkedForStorage(StoredApikey key) {
    String hint = key.hint();
    if (JdbiApikeyStore.hasNul(key.tenant(), key.name(), key.role(), key.keyId(), key.createdBy()) || (hint != null && JdbiApikeyStore.hasNul(hint))) {
      throw new IllegalArgumentException("a stored key's text must not contain U+0000");
    }
    if (hint != null && hint.length() > JdbiApikeyStore.MAX_HINT_LENGTH) {
      throw new IllegalArgumentException("a key's hint has at most " + JdbiApikeyStore.MAX_HINT_LENGTH + " characters");
    }
    StoredApikey previous = key.previous();
    return new StoredApikey(key.tenant(), key.name(), key.role(), key.digest(), key.keyId(), hint, key.createdBy(),
        key.createdAt().truncatedTo(ChronoUnit.MILLIS), JdbiApikeyStore.millis(key.expiresAt()), JdbiApikeyStore.millis(key.lastUsedAt()),
        previous == null ? null : checkedForStorage(previous));
  }
}
