package dev.apikeys.storage.jdbc;

import dev.apikeys.core.spi.NameOrder;
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
import org.jspecify.annotations.Nullable;

/**
 * The databases {@link JdbiApikeyStore} knows: how it creates the schema, binds timestamps and tells
 * a taken name from a taken digest differs between them.
 *
 * <p>Each dialect ships its schema as plain SQL files named the Flyway way ({@code V1__…sql}, then
 * {@code V2__…sql}, …) in the class-path folder {@link #schemaLocation()}, so a host can hand that
 * folder to its own Flyway ({@code classpath:} + the location) or Liquibase, or copy the files.
 */
public enum Dialect {
  /** H2 2.x, embedded or server: the default for a single machine. */
  H2("h2"),
  /** PostgreSQL, and databases that speak its protocol and SQL. */
  POSTGRESQL("postgresql"),
  /** MariaDB 10.3 or later, InnoDB tables. Not MySQL, whose binary collations differ: see the README. */
  MARIADB("mariadb") {
    /** SQLState 23000 is every integrity violation; the vendor code tells a duplicate key. */
    @Override
    boolean isUniqueViolation(SQLException e) {
      return "23000".equals(e.getSQLState()) && MARIADB_DUPLICATE_KEY.contains(e.getErrorCode());
    }

    /** {@code DATETIME(3)} holds the instant in UTC. */
    @Override
    void bindInstant(PreparedStatement statement, int position, @Nullable Instant instant) throws SQLException {
      if (instant == null) {
        statement.setNull(position, Types.TIMESTAMP);
        return;
      }
      statement.setObject(position, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    @Override
    @Nullable Instant readInstant(ResultSet row, int column) throws SQLException {
      LocalDateTime value = row.getObject(column, LocalDateTime.class);
      return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
  };

  private static final String SCHEMA_ROOT = "dev/apikeys/storage/jdbc/schema/";

  /** H2's and PostgreSQL's SQLState of a unique or primary-key violation. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** ER_DUP_ENTRY, and ER_DUP_ENTRY_WITH_KEY_NAME that some versions raise instead. */
  private static final Set<Integer> MARIADB_DUPLICATE_KEY = Set.of(1062, 1586);

  private static final int MAX_CAUSE_DEPTH = 16;

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /**
   * The class-path folder holding this dialect's schema files, without a leading slash, e.g. {@code
   * dev/apikeys/storage/jdbc/schema/postgresql}.
   *
   * @return the folder
   */
  public String schemaLocation() {
    return SCHEMA_ROOT + folder;
  }

  /**
   * How the schema's columns {@code tenant} and {@code name} compare, and so the order of the
   * primary key's index: by code point on PostgreSQL ({@code COLLATE "C"} compares UTF-8 bytes) and
   * MariaDB ({@code utf8mb4_nopad_bin}), by UTF-16 code unit on H2, as {@link String#compareTo} does.
   */
  Comparator<String> textOrder() {
    return this == H2 ? Comparator.naturalOrder() : NameOrder.COMPARATOR;
  }

  /**
   * Whether a failure is a unique or primary-key violation, looking through the causes for the
   * driver's {@link SQLException}.
   */
  final boolean isUniqueViolation(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof SQLException e && isUniqueViolation(e)) {
        return true;
      }
    }
    return false;
  }

  /** H2 and PostgreSQL: SQLState 23505. */
  boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  /**
   * Binds an instant, already truncated to the millisecond, as {@code created_at} and the other
   * timestamp columns keep it; {@code null} as SQL NULL. H2 and PostgreSQL keep {@code TIMESTAMP
   * WITH TIME ZONE}, bound as {@link OffsetDateTime}, its JDBC 4.2 type: no detour through the JVM's
   * default time zone, as {@code java.sql.Timestamp} would take.
   */
  void bindInstant(PreparedStatement statement, int position, @Nullable Instant instant) throws SQLException {
    if (instant == null) {
      statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
      return;
    }
    statement.setObject(position, instant.atOffset(ZoneOffset.UTC));
  }

  /** Reads a timestamp column back as the instant it was bound as; SQL NULL as {@code null}. */
  @Nullable Instant readInstant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /**
   * The dialect of a connected database, from the product name and version its driver reports.
   *
   * @throws IllegalArgumentException for a database this store does not support
   */
  static Dialect detect(DatabaseMetaData metaData) throws SQLException {
    String product = String.valueOf(metaData.getDatabaseProductName());
    String version = String.valueOf(metaData.getDatabaseProductVersion());
    Dialect dialect = switch (product.toLowerCase(Locale.ROOT)) {
      case "h2" -> H2;
      case "postgresql" -> POSTGRESQL;
      case "mariadb" -> MARIADB;
      // MySQL's own driver calls a MariaDB server "MySQL"; the version tells them apart.
      case "mysql" -> version.toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : null;
      default -> null;
    };
    if (dialect == null) {
      throw new IllegalArgumentException(
          "unsupported database " + product + " " + version + ": the store supports H2, PostgreSQL and MariaDB");
    }
    return dialect;
  }
}
