package dev.apikeys.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.CreatedApikey;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The JDBC snippets of the README, as written there but for the database's path. */
class ReadmeSectionExampleTest {
  @Test
  void aStoreOnTheHostsDataSourceServesTheService() {
    String url = "jdbc:h2:file:" + Path.of("target", "readme", "apikeys-" + System.nanoTime()).toAbsolutePath();

    try (HikariDataSource dataSource = new HikariDataSource()) { // the host's pool, configured as usual
      dataSource.setJdbcUrl(url); // README: "jdbc:h2:file:./data/apikeys"

      JdbiApikeyStore store =
          JdbiApikeyStore.create(dataSource) // the dialect is read from the database
              .createSchemaIfMissing(); // or run the schema files with your Flyway or Liquibase
      ApikeyService service = ApikeyService.ofDefaults(store);

      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      assertThat(service.authenticate("acme", root.key().toString()).role()).isEqualTo("admin");
      assertThat(store.dialect()).isEqualTo(Dialect.H2);
    }
  }

  @Test
  void aStoreOnTheHostsJdbiWithAGivenDialectAndTable() {
    try (HikariDataSource dataSource = new HikariDataSource()) {
      dataSource.setJdbcUrl("jdbc:h2:mem:readme-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
      Jdbi jdbi = Jdbi.create(dataSource);

      JdbiApikeyStore store =
          JdbiApikeyStore.builder(jdbi) // the host's Jdbi, its configuration left alone
              .dialect(Dialect.H2) // README: Dialect.POSTGRESQL; given, so building needs no connection
              .table("auth_apikeys") // default: apikeys
              .build();

      store.createSchemaIfMissing();
      assertThat(store.table()).isEqualTo("auth_apikeys");
      assertThat(store.list("acme")).isEmpty();
    }
  }
}
