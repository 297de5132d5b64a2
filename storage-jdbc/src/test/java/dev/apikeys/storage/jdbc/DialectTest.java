package dev.apikeys.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
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
}
