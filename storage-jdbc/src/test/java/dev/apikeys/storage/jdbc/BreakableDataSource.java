package dev.apikeys.storage.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Plain driver connections that a test can cut, as a network failure or a restarting database
 * would, and refuse for a while: what a change feed's own connection meets when things fail.
 */
final class BreakableDataSource implements DataSource {
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

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
