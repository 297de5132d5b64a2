/**
 * The JDBC store. Jdbi has no module descriptor, only an {@code Automatic-Module-Name}
 * ({@code org.jdbi.v3.core}), stable across its releases. The PostgreSQL driver is needed only for
 * the change feed's {@code LISTEN}, and only when the database is PostgreSQL; it names itself
 * ({@code org.postgresql.jdbc}) too. Both are automatic modules, which javac warns of.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.apikeys.storage.jdbc {
  requires transitive dev.apikeys.core;
  requires transitive java.sql;
  requires transitive org.jdbi.v3.core;
  requires static org.postgresql.jdbc;
  requires static org.jspecify;

  exports dev.apikeys.storage.jdbc;
  // The schema files, for the host's Flyway or Liquibase (Dialect.schemaLocation()).
  opens dev.apikeys.storage.jdbc.schema.h2;
  opens dev.apikeys.storage.jdbc.schema.postgresql;
  opens dev.apikeys.storage.jdbc.schema.mariadb;
}
