package dev.apikeys.storage.jdbc;

import dev.apikeys.core.spi.ChangeFeed;
import dev.apikeys.core.spi.ChangeListener;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.storage.jdbc.internal.ChangeStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The changes of a {@link JdbiApikeyStore}'s keys as every process sharing the database makes
 * them: what a {@code CachedApikeyStore} of the {@code apikeys-cache} module listens to. Made by
 * {@link JdbiApikeyStore#changeFeed()}.
 *
 * <pre>{@code
 * JdbiApikeyStore store = JdbiApikeyStore.create(dataSource).createSchemaIfMissing();
 * CachedApikeyStore cached = CachedApikeyStore.builder(store).changeFeed(store.changeFeed()).build();
 * }</pre>
 *
 * <p>Every insert and delete of a key through any {@link JdbiApikeyStore} publishes its change in
 * its own transaction, so that the change is seen if and only if it commits:
 *
 * <ul>
 *   <li>on <b>PostgreSQL</b> as a {@code NOTIFY} on the channel {@code apikeys_changes} (the
 *       table's name and {@code _changes}), which this feed {@code LISTEN}s to on a connection of
 *       its own. Every {@link #interval()} it runs a query on that connection: PostgreSQL delivers
 *       every notification of a transaction committed before the query before it answers, and
 *       then the feed confirms that it is current;
 *   <li>on <b>H2 and MariaDB</b> as a row of the table {@code apikeys_changes} (schema file V3),
 *       which this feed reads every {@link #interval()} on a connection of its own, from the row
 *       after the last it saw, and confirms. A row whose number is skipped (its transaction
 *       rolled back) is waited for ten seconds at most. The stores delete rows older than a
 *       minute as they write.
 * </ul>
 *
 * <p>When the connection fails (the database restarts, the backend is terminated, the network
 * goes), the feed stops confirming, tries to connect again every interval, and once connected
 * tells the listener to forget everything ({@link ChangeListener#reset}), since changes may have
 * been missed. Failures are logged once per outage through {@link System.Logger}, as is the
 * recovery. The feed holds one connection of the data source while it runs: size a pool for it.
 *
 * <p>Thread-safe. It runs on one daemon thread of its own, named {@code apikeys-change-feed}.
 */
public final class JdbcChangeFeed implements ChangeFeed {
  /** How often the feed confirms that it is current, and polls where it must: {@value #DEFAULT_INTERVAL_MILLIS} ms unless set. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(JdbcChangeFeed.DEFAULT_INTERVAL_MILLIS);

  private static final long DEFAULT_INTERVAL_MILLIS = 200;
  /** How long a number missing from the change table is waited for: its transaction is still committing, or rolled back. */
  private static final long GAP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final System.Logger LOG = System.getLogger(JdbcChangeFeed.class.getName());

  /** Where the feed's own connection comes from. */
  @FunctionalInterface
  interface ConnectionSource {
    Connection open() throws SQLException;
  }

  private final ConnectionSource connections;
  private final ChangeStatements sql;
  private final Duration interval;
  private final Object lock = new Object();
  private @Nullable Thread thread;
  private volatile boolean closed;

  JdbcChangeFeed(ConnectionSource connections, ChangeStatements sql, Duration interval) {
    this.connections = connections;
    this.sql = sql;
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("interval must be 10 ms to 1 minute: " + interval);
    }
    this.interval = interval;
  }

  /** How often the feed confirms it is current (and polls, on H2 and MariaDB). */
  public Duration interval() {
    return interval;
  }

  @Override
  public void start(ChangeListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      if (thread != null || closed) {
        throw new IllegalStateException("a change feed starts once");
      }
      thread = new Thread(() -> run(listener), "apikeys-change-feed");
      thread.setDaemon(true);
      thread.start();
    }
  }

  @Override
  public void close() {
    Thread running;
    synchronized (lock) {
      closed = true;
      running = thread;
      lock.notifyAll();
    }
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(interval.toMillis() * 4 + 5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcChangeFeed[" + (sql.notifies() ? "LISTEN " + sql.channel() : "polling " + sql.channel()) + " every "
        + interval.toMillis() + " ms]";
  }

  private void run(ChangeListener listener) {
    boolean failing = false;
    while (!closed) {
      try (Connection connection = connections.open()) {
        connection.setAutoCommit(true);
        Session session = sql.notifies() ? new Listening(connection) : new Polling(connection);
        listener.reset();
        if (failing) {
          LOG.log(System.Logger.Level.INFO, "apikeys change feed connected again: " + this);
          failing = false;
        }
        while (!closed) {
          long asOf = System.nanoTime();
          session.read(listener);
          listener.upToDate(asOf);
          session.await(listener);
        }
      } catch (SQLException | RuntimeException e) {
        if (!failing && !closed) {
          LOG.log(System.Logger.Level.WARNING,
              "apikeys change feed lost its connection; caches read through until it is back: " + this, e);
          failing = true;
        }
        pause();
      }
    }
  }

  /** Waits one interval, or less if closed meanwhile. */
  private void pause() {
    long deadline = System.nanoTime() + interval.toNanos();
    synchronized (lock) {
      try {
        for (long left = deadline - System.nanoTime(); !closed && left > 0; left = deadline - System.nanoTime()) {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closed = true;
      }
    }
  }

  /** One connection's worth of the feed. */
  private interface Session {
    /** Delivers every change committed before it was called. */
    void read(ChangeListener listener) throws SQLException;

    /** Waits one interval, delivering what comes meanwhile if it can. */
    void await(ChangeListener listener) throws SQLException;
  }

  /** PostgreSQL: LISTEN on the channel. */
  private final class Listening implements Session {
    private final Statement statement;
    private final PGConnection pg;

    Listening(Connection connection) throws SQLException {
      this.pg = connection.unwrap(PGConnection.class);
      this.statement = connection.createStatement();
      statement.execute("LISTEN " + sql.channel()); // a checked table name and "_changes"
    }

    @Override
    public void read(ChangeListener listener) throws SQLException {
      statement.execute("SELECT 1");
      deliver(pg.getNotifications(), listener);
    }

    @Override
    public void await(ChangeListener listener) throws SQLException {
      if (!closed) {
        deliver(pg.getNotifications((int) interval.toMillis()), listener);
      }
    }

    private void deliver(PGNotification[] notifications, ChangeListener listener) {
      if (notifications == null) {
        return;
      }
      for (PGNotification notification : notifications) {
        String payload = notification.getParameter();
        if (sql.channel().equals(notification.getName()) && payload != null && payload.length() > 64) {
          listener.changed(payload.substring(64), KeyDigest.of(HexFormat.of().parseHex(payload, 0, 64)));
        }
      }
    }
  }

  /** H2 and MariaDB: read the change table. */
  private final class Polling implements Session {
    private final Connection connection;
    /** Every change up to this number has been delivered, or given up on. */
    private long low;
    /** Changes above {@link #low} already delivered. */
    private final TreeSet<Long> delivered = new TreeSet<>();
    private long gapSince;

    Polling(Connection connection) throws SQLException {
      this.connection = connection;
      try (Statement statement = connection.createStatement(); ResultSet latest = statement.executeQuery(sql.latest())) {
        latest.next();
        low = latest.getLong(1);
      }
    }

    @Override
    public void read(ChangeListener listener) throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement(sql.after())) {
        statement.setLong(1, low);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            long id = rows.getLong(1);
            if (delivered.add(id)) {
              listener.changed(rows.getString(2), KeyDigest.of(rows.getBytes(3)));
            }
          }
        }
      }
      advance();
    }

    /** Moves {@link #low} over the numbers delivered in a row, and over a gap waited for long enough. */
    private void advance() {
      while (true) {
        while (!delivered.isEmpty() && delivered.first() == low + 1) {
          low = delivered.pollFirst();
        }
        if (delivered.isEmpty()) {
          gapSince = 0;
          return;
        }
        long now = System.nanoTime();
        if (gapSince == 0) {
          gapSince = now;
          return;
        }
        if (now - gapSince < GAP_TIMEOUT_NANOS) {
          return;
        }
        low = delivered.first() - 1;
        gapSince = 0;
      }
    }

    @Override
    public void await(ChangeListener listener) {
      pause();
    }
  }
}
