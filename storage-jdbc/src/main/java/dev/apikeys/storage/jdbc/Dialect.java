package dev.apikeys.storage.jdbc;

/**
 * The databases {@link JdbiApikeyStore} knows: how it creates the schema, binds timestamps and tells
 * a taken name from a taken digest differs between them.
 *
 * <p>Each dialect ships its schema as plain SQL files named the Flyway way ({@code V1__…sql}, then
 * {@code V2__…sql}, …) in the class-path folder {@link #schemaLocation()}, so a host can hand that
 * folder to its own Flyway ({@code classpath:} + the location) or Liquibase, or copy the files.
 */
public enum Dialect {
  /** H2 2.x, embedded or server: the default for a single machine. */
  H2("h2"),
  /** PostgreSQL, and databases that speak its protocol and SQL. */
  POSTGRESQL("postgresql"),
  /** MariaDB 10.3 or later, InnoDB tables. Not MySQL, whose binary collations differ: see the README. */
  MARIADB("mariadb");

  private static final String SCHEMA_ROOT = "dev/apikeys/storage/jdbc/schema/";

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /**
   * The class-path folder holding this dialect's schema files, without a leading slash, e.g. {@code
   * dev/apikeys/storage/jdbc/schema/postgresql}.
   *
   * @return the folder
   */
  public String schemaLocation() {
    return SCHEMA_ROOT + folder;
  }
}
