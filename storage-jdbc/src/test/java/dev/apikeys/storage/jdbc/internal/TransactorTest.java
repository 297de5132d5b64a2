package dev.apikeys.storage.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
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
}
