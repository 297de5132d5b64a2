package dev.apikeys.storage.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts the connections asked of it and hands the asking on: a store takes one
 * connection per transaction it runs, so the count says how often it ran one, retries included.
 */
final class CountingDataSource implements DataSource {
  private final DataSource delegate;
  private final AtomicInteger connections = new AtomicInteger();

  CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** How many times a connection was asked for, whether or not one was given. */
  int connections() {
    return connections.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    connections.incrementAndGet();
    return delegate.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    connections.incrementAndGet();
    return delegate.getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return delegate.isWrapperFor(type);
  }
}
