package dev.apikeys.storage.jdbc;

import static dev.apikeys.storage.jdbc.RecordingListener.digestOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.apikeys.storage.jdbc.internal.ChangeStatements;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The polling change feed itself, on H2 in memory: what it delivers and when, how it waits between
 * polls, how it fails, recovers and stops. Each test builds the feed on connections it controls and
 * writes the change table with the statement the stores publish with.
 */
class H2PollingChangeFeedTest {
  /**
   * The longest interval: a feed that polls or connects a second time within a test did not wait
   * for it. Closing must not wait for it either.
   */
  private static final Duration LONGEST = Duration.ofMinutes(1);
  private static final Duration QUICK = Duration.ofMillis(20);
  private static final Duration PATIENCE = RecordingListener.PATIENCE;
  /** How long a feed waiting a whole interval must be seen doing nothing. */
  private static final Duration QUIET = Duration.ofMillis(300);

  private final String table = "apikeys_p" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final String url = "jdbc:h2:mem:" + table + ";DB_CLOSE_DELAY=-1";
  private final ChangeStatements sql = ChangeStatements.of(Dialect.H2, table);
  private final List<JdbcChangeFeed> feeds = new ArrayList<>();
  /** Every connection the feeds of the test opened, in order. */
  private final List<Connection> opened = new CopyOnWriteArrayList<>();
  /** How often a feed asked for a connection, whether it got one or not. */
  private final AtomicInteger connectionsAsked = new AtomicInteger();
  /** How many of the next requests for a connection fail. */
  private final AtomicInteger refusals = new AtomicInteger();

  @BeforeEach
  void createTables() {
    PlainDataSource dataSource = new PlainDataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url);
      }
    };
    JdbiApikeyStore.builder(dataSource).dialect(Dialect.H2).table(table).build().createSchemaIfMissing();
  }

  @AfterEach
  void closeFeedsAndDropTheDatabase() throws SQLException {
    feeds.forEach(JdbcChangeFeed::close);
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    }
  }

  @Test
  void theIntervalIsTenMillisecondsToOneMinuteBothIncluded() {
    assertThat(feed(Duration.ofMillis(10)).interval()).isEqualTo(Duration.ofMillis(10));
    assertThat(feed(LONGEST).interval()).isEqualTo(LONGEST);
    assertThatThrownBy(() -> feed(Duration.ofMillis(10).minusNanos(1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10 ms to 1 minute");
    assertThatThrownBy(() -> feed(LONGEST.plusNanos(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> feed(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void startsOnceOnADaemonThreadOfItsOwnAndNotAfterClose() {
    JdbcChangeFeed feed = feed(QUICK);
    RecordingListener listener = new RecordingListener();
    feed.start(listener);
    assertThatThrownBy(() -> feed.start(new RecordingListener())).isInstanceOf(IllegalStateException.class);
    listener.awaitUpToDates(1);
    // A daemon, so that a host that forgets to close its cache can still exit.
    assertThat(listener.thread.getName()).isEqualTo("apikeys-change-feed");
    assertThat(listener.thread.isDaemon()).isTrue();
    assertThat(listener.thread).isNotSameAs(Thread.currentThread());

    JdbcChangeFeed closed = feed(QUICK);
    closed.close();
    assertThatThrownBy(() -> closed.start(new RecordingListener())).isInstanceOf(IllegalStateException.class);
    assertThat(connectionsAsked).as("connections asked for: the started feed's one").hasValue(1);
  }

  @Test
  void deliversEachChangeCommittedAfterItStartedOnceAndInOrderButNoneFromBefore() throws SQLException {
    publish("before");
    JdbcChangeFeed feed = feed(QUICK);
    RecordingListener listener = new RecordingListener();
    feed.start(listener);
    listener.awaitUpToDates(1);
    assertThat(listener.calls).as("the first call").first().isEqualTo("reset");

    publish("a", "b");
    publish("c");
    listener.awaitTenants(3);
    int polls = listener.upToDates.size();
    listener.awaitUpToDates(polls + 2); // polled on: nothing comes twice

    assertThat(listener.tenants).containsExactly("a", "b", "c");
    assertThat(listener.digests).containsExactly(digestOf("a"), digestOf("b"), digestOf("c"));
    assertThat(listener.resets).hasValue(1);
  }

  @Test
  void deliversMoreChangesThanOnePollReadsEachOnceAndInOrder() throws SQLException {
    JdbcChangeFeed feed = feed(QUICK);
    RecordingListener listener = new RecordingListener();
    feed.start(listener);
    listener.awaitUpToDates(1);
    List<String> tenants = new ArrayList<>();
    for (int i = 0; i < ChangeStatements.MAX_CHANGES_PER_POLL + 50; i++) {
      tenants.add("t" + i);
    }

    publish(tenants.toArray(String[]::new));

    listener.awaitTenants(tenants.size());
    listener.awaitUpToDates(listener.upToDates.size() + 2);
    assertThat(listener.tenants).isEqualTo(tenants);
  }

  @Test
  void aChangeCommittedAfterALaterNumberedOneIsStillDelivered() throws SQLException {
    JdbcChangeFeed feed = feed(QUICK);
    RecordingListener listener = new RecordingListener();
    feed.start(listener);
    listener.awaitUpToDates(1);

    try (Connection slow = DriverManager.getConnection(url)) {
      slow.setAutoCommit(false);
      publish(slow, "early"); // takes its number now, commits last
      publish("late");
      listener.awaitTenants(1);
      listener.awaitUpToDates(listener.upToDates.size() + 3); // polled past the missing number a few times
      assertThat(listener.tenants).containsExactly("late");

      slow.commit();
    }

    listener.awaitTenants(2);
    assertThat(listener.tenants).containsExactly("late", "early");
  }

  /**
   * A transaction that took a number and never commits (rolled back, or still running after ten
   * seconds) holds the feed up no longer than that: it gives the number up and reads on. Takes
   * eleven seconds.
   */
  @Test
  void aNumberMissingForTenSecondsIsGivenUpAndTheChangesAfterItStillArrive() throws SQLException {
    JdbcChangeFeed feed = feed(QUICK);
    RecordingListener listener = new RecordingListener();
    feed.start(listener);
    listener.awaitUpToDates(1);

    try (Connection stuck = DriverManager.getConnection(url)) {
      stuck.setAutoCommit(false);
      publish(stuck, "stuck");
      publish("late");
      listener.awaitTenants(1);
      // The feed began to wait for the missing number in the poll that delivered "late", which
      // ended before the next poll began: after a poll that began ten seconds after that one, it
      // has given the number up.
      long seen = System.nanoTime();
      long waitingSince = listener.awaitUpToDateAfter(seen);
      listener.awaitUpToDateAfter(waitingSince + TimeUnit.SECONDS.toNanos(10));

      stuck.commit(); // too late: the feed reads after "late" now
    }
    publish("after");

    listener.awaitTenants(2);
    assertThat(listener.tenants).containsExactly("late", "after");
  }

  @Test
  void onAConnectionHandedOutInATransactionTheFeedStillSeesNewChanges() throws SQLException {
    // What a pool configured without auto-commit hands out: on MariaDB (REPEATABLE READ) a feed
    // reading in one long transaction would see the table as it was when it began, forever.
    JdbcChangeFeed feed = new JdbcChangeFeed(() -> {
      Connection connection = connect();
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      return connection;
    }, sql, QUICK);
    feeds.add(feed);
    RecordingListener listener = new RecordingListener();
    feed.start(listener);
    listener.awaitUpToDates(1);

    publish("new");

    listener.awaitTenants(1);
    assertThat(listener.tenants).containsExactly("new");
  }

  @Test
  void betweenPollsTheFeedWaitsTheIntervalWithoutSpinning() {
    JdbcChangeFeed feed = feed(LONGEST);
    RecordingListener listener = new RecordingListener();
    feed.start(listener);
    listener.awaitUpToDates(1);

    await("the feed's thread waiting").atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
        .until(() -> listener.thread.getState() == Thread.State.TIMED_WAITING);
    await("no second poll").during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> listener.upToDates.size() == 1);
    assertThat(opened).hasSize(1);
  }

  @Test
  void closingStopsTheThreadAtOnceAndClosesTheConnectionEvenInTheMiddleOfALongInterval() throws SQLException {
    JdbcChangeFeed feed = feed(LONGEST);
    RecordingListener listener = new RecordingListener();
    feed.start(listener);
    listener.awaitUpToDates(1);

    long closing = System.nanoTime();
    feed.close();

    assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("time to close").isLessThan(Duration.ofSeconds(10));
    assertThat(listener.thread.isAlive()).isFalse();
    assertThat(opened).hasSize(1);
    assertThat(opened.get(0).isClosed()).isTrue();
    feed.close(); // again: nothing happens
    assertThat(listener.calls).containsExactly("reset", "upToDate");
  }

  @Test
  void closeReturnsOnceTheListenerCallInProgressHasReturnedAndTheThreadHasEnded() throws Exception {
    JdbcChangeFeed feed = feed(QUICK);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingListener listener = new RecordingListener();
    listener.onUpToDate = RecordingListener.holding(inside, release);
    feed.start(listener);
    assertThat(inside.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    List<Boolean> afterClose = new CopyOnWriteArrayList<>();
    Thread closer = new Thread(() -> {
      feed.close();
      afterClose.add(listener.thread.isAlive());
      afterClose.add(isClosed(opened.get(0)));
    }, "closer");

    try {
      closer.start();
      // Waiting for the feed's thread; or, wrongly, returned already.
      await("close waiting").atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
          .until(() -> closer.getState() == Thread.State.TIMED_WAITING || closer.getState() == Thread.State.TERMINATED);
    } finally {
      release.countDown();
    }
    closer.join(PATIENCE.toMillis());

    assertThat(closer.isAlive()).isFalse();
    assertThat(afterClose).as("the feed's thread alive, its connection closed, once close returned").containsExactly(false, true);
  }

  @Test
  void aListenerMayCloseTheFeedFromTheFeedsOwnThread() throws SQLException {
    JdbcChangeFeed feed = feed(LONGEST);
    RecordingListener listener = new RecordingListener();
    listener.onUpToDate = feed::close;
    feed.start(listener);

    listener.awaitUpToDates(1);
    await("the feed's thread ending").atMost(PATIENCE).until(() -> !listener.thread.isAlive());
    assertThat(opened.get(0).isClosed()).isTrue();
    assertThat(listener.calls).containsExactly("reset", "upToDate");
  }

  @Test
  void aCloseInterruptedWhileItWaitsForTheThreadReturnsWithTheInterruptKept() throws InterruptedException {
    JdbcChangeFeed feed = feed(QUICK);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingListener listener = new RecordingListener();
    listener.onUpToDate = RecordingListener.holding(inside, release);
    feed.start(listener);
    assertThat(inside.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

    boolean interrupted;
    try {
      Thread.currentThread().interrupt();
      feed.close(); // the feed's thread is held: close waits for it, and is interrupted at once
      interrupted = Thread.interrupted();
    } finally {
      release.countDown();
    }

    assertThat(interrupted).as("still interrupted after close").isTrue();
    await("the feed's thread ending").atMost(PATIENCE).until(() -> !listener.thread.isAlive());
  }

  @Test
  void aLostConnectionIsTriedAgainEachIntervalAndEachOutageAndRecoveryIsLoggedOnce() throws SQLException {
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(JdbcChangeFeed.class.getName());
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getMessage().contains(table)) { // this test's feed, not another's
          logged.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try {
      refusals.set(3); // the database is down when the feed starts
      JdbcChangeFeed feed = feed(QUICK);
      RecordingListener listener = new RecordingListener();
      feed.start(listener);
      listener.awaitUpToDates(1);
      assertThat(connectionsAsked).hasValue(4);
      assertThat(listener.calls).first().isEqualTo("reset");

      refusals.set(2);
      opened.get(0).close(); // the connection goes, and the database refuses two new ones
      await().atMost(PATIENCE).until(() -> listener.resets.get() == 2 && listener.calls.get(listener.calls.size() - 1).equals("upToDate"));
      feed.close();

      assertThat(connectionsAsked).hasValue(7);
      assertThat(logged).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.INFO, Level.WARNING, Level.INFO);
      assertThat(logged.get(0).getMessage()).contains("lost its connection", feed.toString());
      assertThat(logged.get(0).getThrown()).isInstanceOf(SQLException.class);
      assertThat(logged.get(1).getMessage()).contains("connected again", feed.toString());
      assertThat(feed).hasToString("JdbcChangeFeed[polling " + table + "_changes every 20 ms]");
      // Nothing is confirmed between losing a connection and the reset on the next one.
      int secondReset = listener.calls.lastIndexOf("reset");
      assertThat(listener.calls.subList(0, secondReset)).endsWith("upToDate");
      assertThat(listener.calls.subList(secondReset, listener.calls.size())).containsOnly("reset", "upToDate");
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void aDatabaseThatRefusesConnectionsIsAskedOncePerIntervalNotInATightLoop() {
    refusals.set(Integer.MAX_VALUE);
    JdbcChangeFeed feed = feed(LONGEST);
    RecordingListener listener = new RecordingListener();
    feed.start(listener);

    await().atMost(PATIENCE).until(() -> connectionsAsked.get() == 1);
    await("no second attempt").during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> connectionsAsked.get() == 1);
    long closing = System.nanoTime();
    feed.close();

    assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("time to close").isLessThan(Duration.ofSeconds(10));
    assertThat(listener.calls).isEmpty();
  }

  /** A feed on this test's database, closed after the test. */
  private JdbcChangeFeed feed(Duration interval) {
    JdbcChangeFeed feed = new JdbcChangeFeed(this::connect, sql, interval);
    feeds.add(feed);
    return feed;
  }

  /** A connection for a feed: refused while {@link #refusals} last, else counted in {@link #opened}. */
  private Connection connect() throws SQLException {
    connectionsAsked.incrementAndGet();
    if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new SQLException("connection refused (the test's database is down)", "08001");
    }
    Connection connection = DriverManager.getConnection(url);
    opened.add(connection);
    return connection;
  }

  /** Commits one change per tenant, in one transaction, in that order. */
  private void publish(String... tenants) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement statement = connection.prepareStatement(sql.publish())) {
      connection.setAutoCommit(false);
      for (String tenant : tenants) {
        statement.setString(1, tenant);
        statement.setBytes(2, digestOf(tenant).bytes());
        statement.addBatch();
      }
      statement.executeBatch();
      connection.commit();
    }
  }

  /** Writes the change of a tenant's key as a store does, in the connection's transaction. */
  private void publish(Connection connection, String tenant) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql.publish())) {
      statement.setString(1, tenant);
      statement.setBytes(2, digestOf(tenant).bytes());
      statement.executeUpdate();
    }
  }

  private static boolean isClosed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
