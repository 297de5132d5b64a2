package dev.apikeys.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.cache.CachedApikeyStore;
import dev.apikeys.core.ApikeyRequest;
import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.Caller;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.UnauthenticatedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of a host on one database, each with its own pool, store, cache and change feed:
 * what one changes, the other sees within the cache's bound, whatever fails.
 */
abstract class ChangeFeedContract {
  /** The cache's bound in these tests: the default. */
  static final Duration MAX_STALENESS = CachedApikeyStore.DEFAULT_MAX_STALENESS;
  /**
   * What the test's own thread may add to the bound on a loaded two-core machine: the time between
   * the condition becoming true and Awaitility seeing it.
   */
  static final Duration SCHEDULING = Duration.ofMillis(300);
  private static final AtomicInteger POOLS = new AtomicInteger();

  final String table = "apikeys_f" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  final List<AutoCloseable> closeables = new ArrayList<>();
  Instance a;
  Instance b;
  CreatedApikey root;

  /** The database's JDBC URL. */
  abstract String jdbcUrl();

  /** One instance of the host: a pool, a store, a cache with the store's feed, a service. */
  final class Instance {
    final HikariDataSource pool;
    final JdbiApikeyStore store;
    final CachedApikeyStore cache;
    final ApikeyService service;

    Instance(String name, java.util.function.UnaryOperator<ApikeyService.Builder> options) {
      pool = pool(name, 4);
      closeables.add(pool);
      store = JdbiApikeyStore.builder(pool).table(table).build();
      cache = CachedApikeyStore.builder(store).changeFeed(feed(name)).build();
      closeables.add(cache);
      service = options.apply(ApikeyService.builder().store(cache)).build();
      closeables.add(service);
    }

    Caller authenticate(CreatedApikey key) {
      return service.authenticate("acme", key.key().toString());
    }

    boolean refuses(CreatedApikey key) {
      try {
        authenticate(key);
        return false;
      } catch (UnauthenticatedException e) {
        return true;
      }
    }
  }

  /** Where b's feed takes its connection: the test can cut it off. */
  BreakableDataSource bFeedConnections;

  /** The feed of an instance; b's on connections the test can cut, a's on a pool of its own. */
  JdbcChangeFeed feed(String instance) {
    if (instance.equals("b")) {
      bFeedConnections = new BreakableDataSource(feedUrl());
      return JdbiApikeyStore.builder(bFeedConnections).table(table).dialect(dialect()).build().changeFeed(Duration.ofMillis(100));
    }
    return JdbiApikeyStore.builder(pool(instance + "-feed", 1)).table(table).build().changeFeed(Duration.ofMillis(100));
  }

  /** The database's dialect. */
  abstract Dialect dialect();

  /** The URL of b's feed's own connections, with the credentials in it. */
  String feedUrl() {
    return jdbcUrl();
  }

  HikariDataSource pool(String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setPoolName("apikeys-feed-test-" + name + "-" + POOLS.incrementAndGet());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(5_000);
    configure(config, name);
    HikariDataSource pool = new HikariDataSource(config);
    closeables.add(pool);
    return pool;
  }

  /** Database-specific settings of a pool, such as an application name. */
  void configure(HikariConfig config, String name) {}

  @BeforeEach
  void startTwoInstances() {
    try (HikariDataSource setup = pool("setup", 1)) {
      JdbiApikeyStore.builder(setup).table(table).build().createSchemaIfMissing();
    }
    a = new Instance("a", builder -> builder);
    b = new Instance("b", builder -> builder);
    root = a.service.createFirstKey("acme", new ApikeyRequest("root", "admin")).orElseThrow();
    awaitServing(a);
    awaitServing(b);
  }

  static void awaitServing(Instance instance) {
    await().atMost(Duration.ofSeconds(30)).until(instance.cache::isServingFromCache);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    try (HikariDataSource cleanup = pool("cleanup", 1); Connection connection = cleanup.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
      statement.execute("DROP TABLE IF EXISTS " + table + "_changes");
    }
  }

  Caller login(Instance instance) {
    return instance.service.authenticate("acme", root.key().toString());
  }

  @Test
  void aKeyRevokedThroughOneInstanceIsRefusedByTheOtherWithinTheBound() {
    CreatedApikey ci = a.service.create(login(a), new ApikeyRequest("ci", "operator"));
    awaitCachedOn(b, ci);

    a.service.revoke(login(a), "ci");
    long revoked = System.nanoTime();
    await().atMost(MAX_STALENESS.plus(SCHEDULING)).pollInterval(Duration.ofMillis(5)).until(() -> b.refuses(ci));
    System.out.printf("%s: revoked on a, refused on b after %d ms%n", getClass().getSimpleName(),
        Duration.ofNanos(System.nanoTime() - revoked).toMillis());
    assertThat(b.cache.isServingFromCache()).as("refused from a fresh cache, not by reading through").isTrue();
  }

  @Test
  void aRotationOnOneInstanceEndsTheOldKeyAndAcceptsTheNewOneOnTheOtherWithinTheBound() {
    CreatedApikey ci = a.service.create(login(a), new ApikeyRequest("ci", "operator"));
    awaitCachedOn(b, ci);
    UUID chosen = UUID.randomUUID();
    CreatedApikey coming = new CreatedApikey("operator", "ci", chosen, "x");
    assertThat(b.refuses(coming)).isTrue();
    assertThat(b.refuses(coming)).isTrue(); // b's cache knows the new digest as unknown

    ApikeyService withChosenKey = ApikeyService.builder().store(a.cache).keyGenerator(() -> chosen).build();
    closeables.add(withChosenKey);
    withChosenKey.rotate(login(a), "ci", Duration.ZERO);
    long rotated = System.nanoTime();
    await().atMost(MAX_STALENESS.plus(SCHEDULING)).pollInterval(Duration.ofMillis(5))
        .until(() -> b.refuses(ci) && !b.refuses(coming));
    System.out.printf("%s: rotated on a, old key refused and new one accepted on b after %d ms%n",
        getClass().getSimpleName(), Duration.ofNanos(System.nanoTime() - rotated).toMillis());
    assertThat(b.cache.isServingFromCache()).as("from a fresh cache, not by reading through").isTrue();
  }

  @Test
  void aKeyCreatedOnOneInstanceAuthenticatesOnTheOtherEvenRightAfterItsDigestWasLookedUpThere() {
    UUID chosen = UUID.randomUUID();
    ApikeyService withChosenKey = ApikeyService.builder().store(a.cache).keyGenerator(() -> chosen).build();
    closeables.add(withChosenKey);
    CreatedApikey coming = new CreatedApikey("viewer", "dash", chosen, "x");
    assertThat(b.refuses(coming)).isTrue();
    assertThat(b.refuses(coming)).isTrue(); // now b's cache knows the digest as unknown
    assertThat(b.cache.stats().negativeHits()).isPositive();

    withChosenKey.create(login(a), new ApikeyRequest("dash", "viewer"));
    long created = System.nanoTime();
    await().atMost(MAX_STALENESS.plus(SCHEDULING)).pollInterval(Duration.ofMillis(5)).until(() -> !b.refuses(coming));
    System.out.printf("%s: created on a, accepted on b after %d ms%n", getClass().getSimpleName(),
        Duration.ofNanos(System.nanoTime() - created).toMillis());
  }

  @Test
  void eachInstanceSeesItsOwnRevokeAtOnce() {
    CreatedApikey ci = a.service.create(login(a), new ApikeyRequest("ci", "operator"));
    a.authenticate(ci);
    a.authenticate(ci);
    a.service.revoke(login(a), "ci");
    assertThatThrownBy(() -> a.authenticate(ci)).isSameAs(UnauthenticatedException.instance());
  }

  @Test
  void whenTheFeedIsCutOffARevokedKeyIsRefusedWithinTheBoundByReadingThroughAndTheCacheWorksAgainAfter() {
    CreatedApikey ci = a.service.create(login(a), new ApikeyRequest("ci", "operator"));
    awaitCachedOn(b, ci);
    bFeedConnections.cut(); // and no new connection until healed: b hears of nothing
    a.service.revoke(login(a), "ci");
    long revoked = System.nanoTime();
    await().atMost(MAX_STALENESS.plus(SCHEDULING)).pollInterval(Duration.ofMillis(5)).until(() -> b.refuses(ci));
    System.out.printf("%s: feed cut off, revoked on a, refused on b after %d ms%n", getClass().getSimpleName(),
        Duration.ofNanos(System.nanoTime() - revoked).toMillis());
    assertThat(b.cache.isServingFromCache()).as("b reads through while its feed is down").isFalse();
    long readThroughs = b.cache.stats().readThroughs();
    CreatedApikey during = a.service.create(login(a), new ApikeyRequest("during", "viewer"));
    assertThat(b.authenticate(during).role()).as("a key made meanwhile works on b at once").isEqualTo("viewer");
    assertThat(b.cache.stats().readThroughs()).isGreaterThan(readThroughs);

    bFeedConnections.heal();
    awaitServing(b);
    awaitCachedOn(b, during);
    a.service.revoke(login(a), "during");
    await().atMost(MAX_STALENESS.plus(SCHEDULING)).pollInterval(Duration.ofMillis(5)).until(() -> b.refuses(during));
  }

  /** Authenticates until b answers from its cache (the insert's own change may drop the first entry). */
  static void awaitCachedOn(Instance instance, CreatedApikey key) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      long hits = instance.cache.stats().hits();
      instance.authenticate(key);
      return instance.cache.stats().hits() > hits;
    });
  }

  static void execute(HikariDataSource pool, String sql) {
    try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
