package dev.apikeys.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.StorageUnavailableException;
import dev.apikeys.storage.tck.StoredKeys;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbiApikeyStoreBuilderTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "apikeys", "my_api_keys2", "k234567890123456789012345678901234567890"})
  void acceptsLowerCaseIdentifiersOfUpToFortyCharactersAsTableNames(String table) {
    assertThat(JdbiApikeyStore.builder(unreachable()).dialect(Dialect.H2).table(table).build().table()).isEqualTo(table);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "Apikeys", "APIKEYS", "1keys", "_keys", "api keys", "api-keys", "auth.apikeys", "\"apikeys\"",
        "apikeys; DROP TABLE apikeys", "k2345678901234567890123456789012345678901", "ключи"
      })
  void rejectsAnyOtherTableName(String table) {
    JdbiApikeyStore.Builder builder = JdbiApikeyStore.builder(unreachable());
    assertThatThrownBy(() -> builder.table(table)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void usesTableApikeysUnlessToldOtherwise() {
    JdbiApikeyStore store = JdbiApikeyStore.builder(unreachable()).dialect(Dialect.MARIADB).build();
    assertThat(store.table()).isEqualTo(JdbiApikeyStore.DEFAULT_TABLE).isEqualTo("apikeys");
    assertThat(store).hasToString("JdbiApikeyStore[MARIADB, table apikeys]");
  }

  @Test
  void eachOptionMayBeSetOnlyOnce() {
    JdbiApikeyStore.Builder builder = JdbiApikeyStore.builder(unreachable()).dialect(Dialect.H2).table("keys");
    assertThatThrownBy(() -> builder.dialect(Dialect.H2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder.table("keys")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsNullArguments() {
    assertThatThrownBy(() -> JdbiApikeyStore.create((DataSource) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> JdbiApikeyStore.create((Jdbi) null)).isInstanceOf(NullPointerException.class);
    JdbiApikeyStore.Builder builder = JdbiApikeyStore.builder(unreachable());
    assertThatThrownBy(() -> builder.dialect(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.table(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aGivenDialectBuildsWithoutTouchingTheDatabase() {
    JdbiApikeyStore store = JdbiApikeyStore.builder(unreachable()).dialect(Dialect.POSTGRESQL).build();
    assertThat(store.dialect()).isEqualTo(Dialect.POSTGRESQL);
  }

  @Test
  void detectingTheDialectOfAnUnreachableDatabaseIsStorageUnavailable() {
    assertThatThrownBy(() -> JdbiApikeyStore.create(unreachable()))
        .isExactlyInstanceOf(StorageUnavailableException.class)
        .hasRootCauseInstanceOf(SQLTransientConnectionException.class);
  }

  @Test
  void aStoreWithAGivenDialectOnAnUnreachableDatabaseIsStorageUnavailableOnEveryOperation() {
    JdbiApikeyStore store = JdbiApikeyStore.builder(unreachable()).dialect(Dialect.H2).build();
    JdbcStoreContract.assertUnavailable(() -> store.list("acme"));
    JdbcStoreContract.assertUnavailable(() -> store.delete("acme", "ci"));
    JdbcStoreContract.assertUnavailable(() -> store.insert(StoredKeys.key("acme", "ci")));
    JdbcStoreContract.assertUnavailable(store::createSchemaIfMissing);
    JdbcStoreContract.assertUnavailable(() -> store.findByName("acme", "ci"));
    JdbcStoreContract.assertUnavailable(() -> store.list("acme", null, 10));
    JdbcStoreContract.assertUnavailable(
        () -> store.recordLastUse(Map.of(StoredKeys.key("acme", "ci").digest(), Instant.parse("2026-12-01T10:00:00Z"))));
  }

  @Test
  void recordingNoLastUseTouchesNoDatabase() {
    CountingDataSource counting = new CountingDataSource(unreachable());
    JdbiApikeyStore store = JdbiApikeyStore.builder(counting).dialect(Dialect.H2).build();

    store.recordLastUse(Map.of());

    assertThat(counting.connections()).as("connections asked for").isZero();
  }

  @Test
  void detectsH2AndCreatesTheDefaultTableOnAFreshDatabase() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:builder-test-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    JdbiApikeyStore store = JdbiApikeyStore.create(h2).createSchemaIfMissing();
    assertThat(store.dialect()).isEqualTo(Dialect.H2);
    assertThat(store.list("acme")).isEmpty();
    try (Connection connection = h2.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    }
  }

  @Test
  void schemaLocationsAreClassPathFoldersPerDialect() {
    assertThat(Dialect.H2.schemaLocation()).isEqualTo("dev/apikeys/storage/jdbc/schema/h2");
    assertThat(Dialect.POSTGRESQL.schemaLocation()).isEqualTo("dev/apikeys/storage/jdbc/schema/postgresql");
    assertThat(Dialect.MARIADB.schemaLocation()).isEqualTo("dev/apikeys/storage/jdbc/schema/mariadb");
  }

  /** A data source whose every connection attempt fails, as a pool's does when the server is gone. */
  private static DataSource unreachable() {
    return new PlainDataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        throw new SQLTransientConnectionException("connection refused (test)", "08001");
      }
    };
  }
}
