package dev.apikeys.storage.jdbc.internal;

import dev.apikeys.core.StorageUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * How the store runs its statements: each operation on a connection borrowed for it alone, as a
 * transaction of its own that is committed here, and every database failure turned into {@link
 * StorageUnavailableException}.
 *
 * <p>Plain JDBC throughout. Jdbi's statement machinery (a copy of its configuration per statement,
 * argument resolution, a context and its cleanables) cost about what the statement itself costs on
 * H2, and opening a handle about 1 µs more, a third of a lookup by digest (see BENCHMARKS.md). A
 * store built on the host's {@link Jdbi} borrows through a handle, so that the Jdbi's own connection
 * factory and handle listeners are used; on a {@link DataSource} the connection comes from it
 * directly.
 *
 * <p>A connection that the pool hands out with auto-commit off is committed or rolled back here,
 * since nobody else will (Jdbi's {@code inTransaction} would take its transaction for an owner's,
 * join it and commit nothing, and the pool would roll the write back). A transaction of several
 * statements turns auto-commit off and restores it before the connection goes back.
 */
public final class Transactor {
  /**
   * How often a transaction is tried when the database rolls it back as a deadlock's victim or for
   * a serialization failure.
   */
  public static final int MAX_ATTEMPTS = 3;

  /** Deadlock or serialization failure (every database), and PostgreSQL's deadlock_detected. */
  private static final Set<String> TRANSACTION_CONFLICTS = Set.of("40001", "40P01");

  private static final int MAX_CAUSE_DEPTH = 16;

  private final @Nullable DataSource dataSource;
  private final @Nullable Jdbi jdbi;

  private Transactor(@Nullable DataSource dataSource, @Nullable Jdbi jdbi) {
    this.dataSource = dataSource;
    this.jdbi = jdbi;
  }

  /** Borrows each connection from the data source. */
  public static Transactor on(DataSource dataSource) {
    return new Transactor(Objects.requireNonNull(dataSource, "dataSource"), null);
  }

  /** Borrows each connection through a handle of the host's Jdbi. */
  public static Transactor on(Jdbi jdbi) {
    return new Transactor(null, Objects.requireNonNull(jdbi, "jdbi"));
  }

  /** Work on a borrowed connection, in plain JDBC. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs one statement (or several that need no transaction together): in auto-commit mode, every
   * pool's default, each statement is its own transaction; otherwise they are committed together.
   *
   * @throws StorageUnavailableException for any failure of the database or the connection
   */
  public <T> T oneStatement(Work<T> work) {
    try {
      if (dataSource != null) { // spelt out, without borrowed(): no lambda per lookup on the hot path
        try (Connection connection = dataSource.getConnection()) {
          return committed(connection, work);
        }
      }
      return borrowed(connection -> committed(connection, work));
    } catch (SQLException | JdbiException e) {
      throw new StorageUnavailableException(e);
    }
  }

  /**
   * Runs several statements as one transaction, whatever the connection's auto-commit mode. When
   * the database rolls it back as a deadlock's victim or for a serialization failure it is run
   * again from the start, up to {@link #MAX_ATTEMPTS} times in all, so {@code work} must be
   * repeatable. An unchecked exception of {@code work} rolls the transaction back and passes
   * unchanged.
   *
   * @throws StorageUnavailableException for any other failure of the database or the connection,
   *     or a conflict on the last attempt
   */
  public <T> T transaction(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return borrowed(connection -> transactional(connection, work));
      } catch (SQLException | JdbiException e) {
        if (attempt == MAX_ATTEMPTS || !isTransactionConflict(e)) {
          throw new StorageUnavailableException(e);
        }
      }
    }
  }

  /**
   * Whether a failure ended a transaction as a deadlock's victim or a serialization failure,
   * looking through the causes: SQLState 40001 (every database's deadlock or serialization failure;
   * MariaDB's deadlock, 1213, has it too) or PostgreSQL's 40P01. The database has rolled the whole
   * transaction back, so it may be run again. A lock wait that timed out is not such a failure.
   */
  public static boolean isTransactionConflict(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof SQLException e && e.getSQLState() != null && TRANSACTION_CONFLICTS.contains(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private <T> T borrowed(Work<T> work) throws SQLException {
    if (dataSource != null) {
      try (Connection connection = dataSource.getConnection()) {
        return work.run(connection);
      }
    }
    return Objects.requireNonNull(jdbi).withHandle(handle -> work.run(handle.getConnection()));
  }

  /** Committed or rolled back here when the connection is not in auto-commit mode. */
  private static <T> T committed(Connection connection, Work<T> work) throws SQLException {
    if (connection.getAutoCommit()) {
      return work.run(connection);
    }
    try {
      T result = work.run(connection);
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
   * Auto-commit off for the transaction and restored afterwards: before a Jdbi handle closes, since
   * Jdbi takes a connection out of auto-commit for an open transaction, rolls it back and throws.
   * After an {@link Error} it is left off, so that whoever closes the connection rolls back.
   */
  private static <T> T transactional(Connection connection, Work<T> work) throws SQLException {
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
}
