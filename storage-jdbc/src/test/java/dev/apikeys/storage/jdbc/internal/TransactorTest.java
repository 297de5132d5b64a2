package dev.apikeys.storage.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

class TransactorTest {
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
}
