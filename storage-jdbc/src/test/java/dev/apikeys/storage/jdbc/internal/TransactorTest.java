package dev.apikeys.storage.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.StorageUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

public class TransactorTest {
  @Test
  void aDeadlockOrSerializationFailureIsATransactionConflictALockTimeOutIsNot() {
    assertThat(Transactor.isTransactionConflict(new SQLException("deadlock (H2, MariaDB 1213)", "40001", 1213))).isTrue();
    assertThat(Transactor.isTransactionConflict(new SQLException("could not serialize access", "40001"))).isTrue();
    assertThat(Transactor.isTransactionConflict(new SQLException("deadlock detected (PostgreSQL)", "40P01"))).isTrue();
    assertThat(Transactor.isTransactionConflict(new ConnectionException(new SQLException("deadlock", "40P01")))).isTrue();
    assertThat(Transactor.isTransactionConflict(new SQLException("statement completion unknown", "40003"))).isFalse();
    assertThat(Transactor.isTransactionConflict(new SQLException("lock timeout (PostgreSQL)", "55P03"))).isFalse();
    assertThat(Transactor.isTransactionConflict(new SQLException("lock wait timeout (MariaDB)", "HY000", 1205))).isFalse();
    assertThat(Transactor.isTransactionConflict(new SQLException("lock timeout (H2)", "HYT00", 50200))).isFalse();
    assertThat(Transactor.isTransactionConflict(new SQLException("pool closed, no SQLState"))).isFalse();
    assertThat(Transactor.isTransactionConflict(new RuntimeException("no SQL here"))).isFalse();
  }

  /** The failure under {@code wrappers} runtime exceptions. */
  public static Throwable wrapped(Throwable failure, int wrappers) {
    Throwable t = failure;
    for (int i = 0; i < wrappers; i++) {
      t = new RuntimeException("wrapper " + i, t);
    }
    return t;
  }

  @Test
  void looksSixteenCausesDeepAndNoFurther() {
    SQLException deadlock = new SQLException("deadlock", "40001");
    assertThat(Transactor.isTransactionConflict(wrapped(deadlock, 15))).isTrue();
    assertThat(Transactor.isTransactionConflict(wrapped(deadlock, 16))).isFalse();
  }

  @Test
  void aConflictIsTriedThreeTimesInAllThenReported() {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:transactor");
    java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Transactor.on(h2).transaction(connection -> {
      attempts.incrementAndGet();
      throw new SQLException("deadlock", "40001");
    })).isInstanceOf(dev.apikeys.core.StorageUnavailableException.class);
    assertThat(attempts.get()).isEqualTo(Transactor.MAX_ATTEMPTS);
    Boolean autoCommit = Transactor.on(h2).transaction(java.sql.Connection::getAutoCommit);
    assertThat(autoCommit).as("auto-commit is off inside").isFalse();
  }

  @Test
  void aFailureToRollBackIsKeptWithTheFailureThatCausedTheRollback() throws SQLException {
    SQLException failure = new SQLException("the statement failed (test)", "42000");
    SQLException rollbackFailure = new SQLException("the rollback failed (test)", "08006");
    Connection h2 = DriverManager.getConnection("jdbc:h2:mem:");
    h2.setAutoCommit(false); // as a pool configured so hands it out: the store commits or rolls back
    Transactor transactor = Transactor.on(handingOut(h2, (method, args) -> {
      if (method.getName().equals("rollback")) {
        throw rollbackFailure;
      }
      return method.invoke(h2, args);
    }));

    assertThatThrownBy(() -> transactor.oneStatement(connection -> {
      throw failure;
    })).isExactlyInstanceOf(StorageUnavailableException.class).cause().isSameAs(failure);

    assertThat(failure.getSuppressed()).containsExactly(rollbackFailure);
    assertThat(h2.isClosed()).isTrue();
  }

  @Test
  void aFailedTransactionGivesItsConnectionBackInAutoCommitModeAsItFoundIt() throws SQLException {
    List<Boolean> autoCommitOnClose = new ArrayList<>();
    Connection h2 = DriverManager.getConnection("jdbc:h2:mem:");
    Transactor transactor = Transactor.on(handingOut(h2, (method, args) -> {
      if (method.getName().equals("close")) {
        autoCommitOnClose.add(h2.getAutoCommit());
      }
      return method.invoke(h2, args);
    }));
    SQLException failure = new SQLException("the statement failed (test)", "42000");

    assertThatThrownBy(() -> transactor.transaction(connection -> {
      throw failure;
    })).isExactlyInstanceOf(StorageUnavailableException.class).cause().isSameAs(failure);

    assertThat(autoCommitOnClose).containsExactly(true);
    assertThat(failure.getSuppressed()).isEmpty();
  }

  @Test
  void aFailureToRestoreAutoCommitAfterAFailedTransactionIsKeptWithTheFailure() throws SQLException {
    SQLException restoreFailure = new SQLException("the connection broke (test)", "08006");
    Connection h2 = DriverManager.getConnection("jdbc:h2:mem:");
    Transactor transactor = Transactor.on(handingOut(h2, (method, args) -> {
      if (method.getName().equals("setAutoCommit") && (Boolean) args[0]) {
        throw restoreFailure;
      }
      return method.invoke(h2, args);
    }));
    SQLException failure = new SQLException("the statement failed (test)", "42000");

    assertThatThrownBy(() -> transactor.transaction(connection -> {
      throw failure;
    })).isExactlyInstanceOf(StorageUnavailableException.class).cause().isSameAs(failure);

    assertThat(failure.getSuppressed()).containsExactly(restoreFailure);
  }

  /** What a test connection does with a call; {@code Method.invoke} on the real one by default. */
  @FunctionalInterface
  private interface Calls {
    Object answer(Method method, Object[] args) throws Throwable;
  }

  /** A data source handing out one connection, through {@code calls}. */
  private static DataSource handingOut(Connection connection, Calls calls) {
    Connection wrapped = (Connection) Proxy.newProxyInstance(TransactorTest.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          try {
            return calls.answer(method, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return (DataSource) Proxy.newProxyInstance(TransactorTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            return wrapped;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }
}
