package dev.apikeys.storage.jdbc;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The polling feed on MariaDB, at {@code APIKEYS_TEST_MARIADB_URL}; skipped without it. */
class MariaDbChangeFeedTest extends ChangeFeedContract {
  @BeforeAll
  static void needsMariaDb() {
    String url = System.getenv(TestDatabase.MARIADB_URL_VARIABLE);
    Assumptions.assumeTrue(url != null && !url.isBlank(), TestDatabase.MARIADB_SKIPPED);
  }

  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }

  @Override
  String jdbcUrl() {
    return System.getenv(TestDatabase.MARIADB_URL_VARIABLE);
  }
}
