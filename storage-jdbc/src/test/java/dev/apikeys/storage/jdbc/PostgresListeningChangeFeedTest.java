package dev.apikeys.storage.jdbc;

import static dev.apikeys.storage.jdbc.RecordingListener.digestOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.storage.jdbc.internal.ChangeStatements;
import dev.apikeys.testsupport.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The listening change feed itself, on a real PostgreSQL (the embedded one, or the server at {@code
 * APIKEYS_TEST_POSTGRES_URL}): which notifications it delivers and when. Small and quick, unlike
 * {@link PostgresChangeFeedTest}, so that mutation testing runs it: the test sends the
 * notifications itself, as the stores' writes do ({@code pg_notify} of the digest in hex and the
 * tenant on the table's channel).
 */
class PostgresListeningChangeFeedTest {
  private static final Duration PATIENCE = RecordingListener.PATIENCE;
  private static final Duration QUICK = Duration.ofMillis(20);
  private static String url;

  @RegisterExtension
  static final BeforeAllCallback SERVER = (ExtensionContext context) -> {
    String given = System.getenv(TestDatabase.POSTGRES_URL_VARIABLE);
    url = given != null && !given.isBlank() ? given : EmbeddedPostgresServer.shared(context).jdbcUrl();
  };

  /** A table of the test's own: only its notifications arrive on its channel. */
  private final String table = "apikeys_l" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final ChangeStatements sql = ChangeStatements.of(Dialect.POSTGRESQL, table);
  private final List<JdbcChangeFeed> feeds = new ArrayList<>();
  private Connection notifier;

  @BeforeEach
  void connect() throws SQLException {
    notifier = DriverManager.getConnection(url);
  }

  @AfterEach
  void close() throws SQLException {
    feeds.forEach(JdbcChangeFeed::close);
    notifier.close();
  }

  @Test
  void deliversWhatWasNotifiedBeforeItsFirstConfirmationThenWhatArrivesWhileItWaits() throws Exception {
    // Long enough that the feed is still waiting when the second notification arrives.
    JdbcChangeFeed feed = feed(Duration.ofSeconds(3));
    RecordingListener listener = new RecordingListener();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    listener.onReset = RecordingListener.holding(inside, release); // listening, not yet confirmed
    feed.start(listener);
    try {
      assertThat(inside.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      notifyChange("queued");
    } finally {
      release.countDown();
    }
    listener.awaitUpToDates(1);
    assertThat(listener.calls).as("delivered before it confirms").containsExactly("reset", "changed", "upToDate");
    await("no second confirmation within the interval").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
        .until(() -> listener.upToDates.size() == 1);

    notifyChange("waiting");

    listener.awaitTenants(2);
    assertThat(listener.tenants).containsExactly("queued", "waiting");
    assertThat(listener.digests).containsExactly(digestOf("queued"), digestOf("waiting"));
    assertThat(listener.calls.subList(0, 4)).as("delivered while it waits, before it confirms again")
        .containsExactly("reset", "changed", "upToDate", "changed");
    assertThat(feed).hasToString("JdbcChangeFeed[LISTEN " + table + "_changes every 3000 ms]");
  }

  @Test
  void ignoresANotificationOnItsChannelThatHoldsNoDigestAndTenant() throws SQLException {
    JdbcChangeFeed feed = feed(QUICK);
    RecordingListener listener = new RecordingListener();
    feed.start(listener);
    listener.awaitUpToDates(1);

    for (String payload : new String[] {"", "x", HexFormat.of().formatHex(digestOf("nobody").bytes())}) {
      notifyPayload(payload);
    }
    notifyChange("acme");

    listener.awaitTenants(1);
    listener.awaitUpToDates(listener.upToDates.size() + 2);
    assertThat(listener.tenants).containsExactly("acme");
    assertThat(listener.digests).containsExactly(digestOf("acme"));
    assertThat(listener.resets).as("the feed kept its connection").hasValue(1);
  }

  private JdbcChangeFeed feed(Duration interval) {
    JdbcChangeFeed feed = new JdbcChangeFeed(() -> DriverManager.getConnection(url), sql, interval);
    feeds.add(feed);
    return feed;
  }

  /** Notifies the change of a tenant's key, as a store's write does. */
  private void notifyChange(String tenant) throws SQLException {
    KeyDigest digest = digestOf(tenant);
    notifyPayload(HexFormat.of().formatHex(digest.bytes()) + tenant);
  }

  private void notifyPayload(String payload) throws SQLException {
    try (PreparedStatement statement = notifier.prepareStatement(sql.publish())) {
      statement.setString(1, sql.channel());
      statement.setString(2, payload);
      statement.execute();
    }
  }
}
