package dev.apikeys.testsupport;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * Tells HikariCP to drop a connection whose driver says the connection itself has failed. H2
 * reports a connection to a database that went away with SQLState 90121, which HikariCP does not
 * take for broken: without this it hands out the dead connections until they have idled.
 */
public final class EvictOnConnectionFailure implements SQLExceptionOverride {
  @java.lang.Override
  public SQLExceptionOverride.Override adjudicate(SQLException e) {
    return e instanceof SQLNonTransientConnectionException
        ? SQLExceptionOverride.Override.MUST_EVICT
        : SQLExceptionOverride.Override.CONTINUE_EVICT;
  }
}
