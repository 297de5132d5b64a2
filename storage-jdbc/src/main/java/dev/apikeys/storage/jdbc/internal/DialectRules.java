package dev.apikeys.storage.jdbc.internal;

import dev.apikeys.core.spi.NameOrder;
import dev.apikeys.storage.jdbc.Dialect;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;

/**
 * What differs between the databases: recognising a unique violation, keeping an instant, and the
 * order of the primary key's index.
 */
public abstract class DialectRules {
  /** H2 compares VARCHAR as {@link String#compareTo} does: by UTF-16 code unit. */
  private static final DialectRules H2 = new StandardRules(Comparator.naturalOrder());
  /** COLLATE "C" compares UTF-8 bytes: by code point. */
  private static final DialectRules POSTGRESQL = new StandardRules(NameOrder.COMPARATOR);
  private static final DialectRules MARIADB = new MariaDbRules();

  private static final int MAX_CAUSE_DEPTH = 16;

  /** Deadlock or serialization failure (every database), and PostgreSQL's deadlock_detected. */
  private static final Set<String> TRANSACTION_CONFLICTS = Set.of("40001", "40P01");

  private final Comparator<String> textOrder;

  DialectRules(Comparator<String> textOrder) {
    this.textOrder = textOrder;
  }

  /** The rules of a dialect. */
  public static DialectRules of(Dialect dialect) {
    return switch (dialect) {
      case H2 -> H2;
      case POSTGRESQL -> POSTGRESQL;
      case MARIADB -> MARIADB;
    };
  }

  /**
   * How the schema's columns {@code tenant} and {@code name} compare, and so the order of the
   * primary key's index: by code point on PostgreSQL and MariaDB, by UTF-16 code unit on H2.
   */
  public final Comparator<String> textOrder() {
    return textOrder;
  }

  /**
   * The dialect of a connected database, from the product name and version its driver reports.
   *
   * @throws IllegalArgumentException for a database this store does not support
   */
  public static Dialect detect(DatabaseMetaData metaData) throws SQLException {
    String product = String.valueOf(metaData.getDatabaseProductName());
    String version = String.valueOf(metaData.getDatabaseProductVersion());
    Dialect dialect = switch (product.toLowerCase(Locale.ROOT)) {
      case "h2" -> Dialect.H2;
      case "postgresql" -> Dialect.POSTGRESQL;
      case "mariadb" -> Dialect.MARIADB;
      // MySQL's own driver calls a MariaDB server "MySQL"; the version tells them apart.
      case "mysql" -> version.toLowerCase(Locale.ROOT).contains("mariadb") ? Dialect.MARIADB : null;
      default -> null;
    };
    if (dialect == null) {
      throw new IllegalArgumentException(
          "unsupported database " + product + " " + version + ": the store supports H2, PostgreSQL and MariaDB");
    }
    return dialect;
  }

  /**
   * Whether a failure is a unique or primary-key violation, looking through the causes for the
   * driver's {@link SQLException}.
   */
  public final boolean isUniqueViolation(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof SQLException e && isUniqueViolation(e)) {
        return true;
      }
    }
    return false;
  }

  abstract boolean isUniqueViolation(SQLException e);

  /**
   * Whether a failure ended a transaction as a deadlock's victim or a serialization failure,
   * looking through the causes: SQLState 40001 (every database's deadlock or serialization failure;
   * MariaDB's deadlock, 1213, has it too) or PostgreSQL's 40P01. The database has rolled the whole
   * transaction back, so it may be run again. A lock wait that timed out is not such a failure.
   */
  public final boolean isTransactionConflict(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof SQLException e && e.getSQLState() != null && TRANSACTION_CONFLICTS.contains(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Binds an instant, already truncated to the millisecond, as {@code created_at} and the other
   * timestamp columns are kept; {@code null} as SQL NULL.
   */
  public abstract void bindInstant(PreparedStatement statement, int position, Instant instant) throws SQLException;

  /** Reads a timestamp column back as the instant it was bound as; SQL NULL as {@code null}. */
  public abstract Instant readInstant(ResultSet row, int column) throws SQLException;

  /** H2 and PostgreSQL: SQLState 23505 and {@code TIMESTAMP WITH TIME ZONE}. */
  private static final class StandardRules extends DialectRules {
    private static final String UNIQUE_VIOLATION = "23505";

    StandardRules(Comparator<String> textOrder) {
      super(textOrder);
    }

    @Override
    boolean isUniqueViolation(SQLException e) {
      return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    @Override
    public void bindInstant(PreparedStatement statement, int position, Instant instant) throws SQLException {
      if (instant == null) {
        statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        return;
      }
      // OffsetDateTime is the JDBC 4.2 type of TIMESTAMP WITH TIME ZONE: no detour through the
      // JVM's default time zone, as java.sql.Timestamp would take.
      statement.setObject(position, instant.atOffset(ZoneOffset.UTC));
    }

    @Override
    public Instant readInstant(ResultSet row, int column) throws SQLException {
      OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    }
  }

  /**
   * MariaDB: SQLState 23000 is every integrity violation, the vendor code tells a duplicate key;
   * {@code DATETIME(3)} holds the instant in UTC.
   */
  private static final class MariaDbRules extends DialectRules {
    private static final String INTEGRITY_VIOLATION = "23000";
    /** ER_DUP_ENTRY, and ER_DUP_ENTRY_WITH_KEY_NAME that some versions raise instead. */
    private static final Set<Integer> DUPLICATE_KEY = Set.of(1062, 1586);

    /** utf8mb4_nopad_bin compares by code point. */
    MariaDbRules() {
      super(NameOrder.COMPARATOR);
    }

    @Override
    boolean isUniqueViolation(SQLException e) {
      return INTEGRITY_VIOLATION.equals(e.getSQLState()) && DUPLICATE_KEY.contains(e.getErrorCode());
    }

    @Override
    public void bindInstant(PreparedStatement statement, int position, Instant instant) throws SQLException {
      if (instant == null) {
        statement.setNull(position, Types.TIMESTAMP);
        return;
      }
      statement.setObject(position, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    @Override
    public Instant readInstant(ResultSet row, int column) throws SQLException {
      LocalDateTime value = row.getObject(column, LocalDateTime.class);
      return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
  }
}
