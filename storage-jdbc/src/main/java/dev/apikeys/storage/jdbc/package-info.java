/**
 * The JDBC store: {@link dev.apikeys.storage.jdbc.JdbiApikeyStore} keeps API keys in H2, PostgreSQL
 * or MariaDB through Jdbi 3, on the host's {@link javax.sql.DataSource} or {@link
 * org.jdbi.v3.core.Jdbi}. The schema ships as plain SQL per {@link dev.apikeys.storage.jdbc.Dialect}.
 */
@NullMarked
package dev.apikeys.storage.jdbc;

import org.jspecify.annotations.NullMarked;
