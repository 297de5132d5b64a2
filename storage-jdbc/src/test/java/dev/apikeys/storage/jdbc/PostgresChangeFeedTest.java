package dev.apikeys.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.testsupport.EmbeddedPostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LISTEN/NOTIFY on a real PostgreSQL: the embedded one, or the server at {@code APIKEYS_TEST_POSTGRES_URL}. */
class PostgresChangeFeedTest extends ChangeFeedContract {
  private static String url;

  @RegisterExtension
  static final org.junit.jupiter.api.extension.BeforeAllCallback SERVER = (ExtensionContext context) -> {
    String given = System.getenv(TestDatabase.POSTGRES_URL_VARIABLE);
    url = given != null && !given.isBlank() ? given : EmbeddedPostgresServer.shared(context).jdbcUrl();
  };

  @BeforeAll
  static void ready() {
    assertThat(url).isNotNull();
  }

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  String jdbcUrl() {
    return url;
  }

  /** b's feed names itself, so that a test can find its backend. */
  @Override
  String feedUrl() {
    return url + (url.contains("?") ? "&" : "?") + "ApplicationName=apikeys-b-feed-" + table;
  }

  /** Each pool's connections name their instance. */
  @Override
  void configure(HikariConfig config, String name) {
    config.addDataSourceProperty("ApplicationName", "apikeys-" + name + "-" + table);
  }

  @Test
  void aTerminatedListeningBackendAcceptsNoRevokedKeyAfterTheBoundAndTheCacheWorksAgain() {
    CreatedApikey ci = a.service.create(login(a), new ApikeyRequest("ci", "operator"));
    awaitCachedOn(b, ci);
    try (HikariDataSource admin = pool("terminator", 1)) {
      execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'apikeys-b-feed-" + table + "'");
    }
    // The notification of this revoke goes nowhere: b's feed has no connection.
    a.service.revoke(login(a), "ci");
    long revoked = System.nanoTime();
    await().atMost(MAX_STALENESS.plus(SCHEDULING)).pollInterval(Duration.ofMillis(5)).until(() -> b.refuses(ci));
    System.out.printf("feed backend terminated: revoked on a, refused on b after %d ms%n",
        Duration.ofNanos(System.nanoTime() - revoked).toMillis());

    // The feed connects again, and b answers from its cache again.
    awaitServing(b);
    CreatedApikey later = a.service.create(login(a), new ApikeyRequest("later", "viewer"));
    awaitCachedOn(b, later);
    await().atMost(Duration.ofSeconds(10)).until(() -> b.cache.feedLag().compareTo(MAX_STALENESS) < 0);
  }
}
