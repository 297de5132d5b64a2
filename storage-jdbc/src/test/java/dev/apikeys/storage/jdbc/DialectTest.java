package dev.apikeys.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Instant;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DialectTest {
  @ParameterizedTest
  @CsvSource({
    "H2, 2.5.252 (2025-11-01), H2",
    "PostgreSQL, 15.20, POSTGRESQL",
    "MariaDB, 10.11.19-MariaDB-0+deb12u1, MARIADB",
    // MySQL Connector/J names a MariaDB server "MySQL".
    "MySQL, 5.5.5-10.11.19-MariaDB-0+deb12u1, MARIADB",
  })
  void detectsTheDialectFromTheDriversProductNameAndVersion(String product, String version, Dialect dialect)
      throws SQLException {
    assertThat(Dialect.detect(metaData(product, version))).isEqualTo(dialect);
  }

  @ParameterizedTest
  @CsvSource({"MySQL, 8.0.36", "Oracle, 23ai", "Microsoft SQL Server, 16.0", "SQLite, 3.45"})
  void rejectsOtherDatabasesNamingThem(String product, String version) {
    assertThatThrownBy(() -> Dialect.detect(metaData(product, version)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(product);
  }

  @Test
  void h2AndPostgresqlKnowAUniqueViolationBySqlState23505() {
    for (Dialect dialect : new Dialect[] {Dialect.H2, Dialect.POSTGRESQL}) {
      assertThat(dialect.isUniqueViolation(new SQLException("duplicate", "23505"))).isTrue();
      assertThat(dialect.isUniqueViolation(new SQLException("not null", "23502"))).isFalse();
      assertThat(dialect.isUniqueViolation(new SQLException("check", "23514"))).isFalse();
      assertThat(dialect.isUniqueViolation(new SQLException("duplicate", "23000", 1062))).isFalse();
    }
  }

  @Test
  void mariaDbKnowsAUniqueViolationByVendorCodeUnderSqlState23000() {
    assertThat(Dialect.MARIADB.isUniqueViolation(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062))).isTrue();
    assertThat(Dialect.MARIADB.isUniqueViolation(new SQLException("Duplicate entry", "23000", 1586))).isTrue();
    assertThat(Dialect.MARIADB.isUniqueViolation(new SQLException("cannot be null", "23000", 1048))).isFalse();
    assertThat(Dialect.MARIADB.isUniqueViolation(new SQLException("foreign key", "23000", 1452))).isFalse();
    assertThat(Dialect.MARIADB.isUniqueViolation(new SQLException("duplicate", "23505"))).isFalse();
  }

  @Test
  void looksForTheDriversExceptionAmongTheCauses() {
    SQLException duplicate = new SQLException("duplicate", "23505");
    assertThat(Dialect.POSTGRESQL.isUniqueViolation(new ConnectionException(new RuntimeException(duplicate))))
        .isTrue();
    assertThat(Dialect.POSTGRESQL.isUniqueViolation(new RuntimeException("no SQL here"))).isFalse();
  }

  private static DatabaseMetaData metaData(String product, String version) {
    return (DatabaseMetaData)
        Proxy.newProxyInstance(
            DialectTest.class.getClassLoader(),
            new Class<?>[] {DatabaseMetaData.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getDatabaseProductName":
                  return product;
                case "getDatabaseProductVersion":
                  return version;
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  @Test
  void looksSixteenCausesDeepForAUniqueViolation() {
    SQLException duplicate = new SQLException("duplicate", "23505");
    assertThat(Dialect.H2.isUniqueViolation(dev.apikeys.storage.jdbc.internal.TransactorTest.wrapped(duplicate, 15))).isTrue();
    assertThat(Dialect.H2.isUniqueViolation(dev.apikeys.storage.jdbc.internal.TransactorTest.wrapped(duplicate, 16))).isFalse();
  }

  /**
   * MariaDB's {@code DATETIME(3)} has no zone: the dialect binds an instant as its date and time in
   * UTC and reads them back as UTC, so that the JVM's zone (America/St_Johns in these tests) takes
   * no part. H2's {@code TIMESTAMP(3)}, which keeps a date and time as given, stands in for the
   * column here; the MariaDB tests of the normal build round-trip instants through the real one.
   */
  @Test
  void mariaDbBindsAnInstantAsItsDateAndTimeInUtcAndReadsThemBackAsUtc() throws SQLException {
    Instant instant = Instant.parse("2026-03-29T01:30:00.500Z");
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE instants (id INT PRIMARY KEY, at TIMESTAMP(3))");
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO instants VALUES (?, ?)")) {
        insert.setInt(1, 1);
        Dialect.MARIADB.bindInstant(insert, 2, instant);
        insert.executeUpdate();
        insert.setInt(1, 2);
        Dialect.MARIADB.bindInstant(insert, 2, null);
        insert.executeUpdate();
      }
      try (ResultSet rows = statement.executeQuery("SELECT at, CAST(at AS VARCHAR(40)) FROM instants ORDER BY id")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(2)).isEqualTo("2026-03-29 01:30:00.5");
        assertThat(Dialect.MARIADB.readInstant(rows, 1)).isEqualTo(instant);
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(2)).isNull();
        assertThat(Dialect.MARIADB.readInstant(rows, 1)).isNull();
      }
    }
  }
}
