package dev.apikeys.storage.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plain driver connections that a test can cut, as a network failure or a restarting database
 * would, and refuse for a while: what a change feed's own connection meets when things fail.
 */
final class BreakableDataSource extends PlainDataSource {
  private final String url;
  private final List<Connection> opened = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;

  BreakableDataSource(String url) {
    this.url = url;
  }

  /** Closes every connection handed out, under whoever uses it, and refuses new ones until {@link #heal()}. */
  void cut() {
    refusing = true;
    for (Connection connection : opened) {
      try {
        connection.close();
      } catch (SQLException e) {
        // already broken
      }
    }
    opened.clear();
  }

  void heal() {
    refusing = false;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (refusing) {
      throw new SQLException("connection refused (the test cut the database off)", "08001");
    }
    Connection connection = DriverManager.getConnection(url);
    opened.add(connection);
    return connection;
  }
}
