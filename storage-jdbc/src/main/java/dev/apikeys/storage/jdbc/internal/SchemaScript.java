package dev.apikeys.storage.jdbc.internal;

import dev.apikeys.storage.jdbc.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped schema files, read back as statements for a given table name.
 *
 * <p>The files are the single source of the schema: what a host's Flyway runs and what {@code
 * createSchemaIfMissing()} runs are the same text. They name the table {@value #DEFAULT_TABLE} and
 * derive every constraint name from it ({@code apikeys_pk}, …); the word appears nowhere else, so
 * renaming the table is a plain replacement. Statements end with {@code ;} at the end of a line;
 * {@code --} starts a comment that runs to the end of the line.
 *
 * <p>Every file can run again on a table it has already changed ({@code CREATE TABLE IF NOT
 * EXISTS}, {@code ADD COLUMN IF NOT EXISTS}, {@code CREATE UNIQUE INDEX IF NOT EXISTS}), so running all of them in order creates a missing
 * table, brings a table of any earlier version up to date, and leaves a current one as it is.
 */
public final class SchemaScript {
  /** The table name the schema files use. */
  public static final String DEFAULT_TABLE = "apikeys";

  /** The file that creates the table. */
  public static final String CREATE_TABLE_FILE = "V1__create_apikeys.sql";

  /** The file that adds the lifecycle columns: key_hint, expires_at, last_used_at. */
  public static final String LIFECYCLE_FILE = "V2__lifecycle.sql";

  /** The file that adds the change table the polling change feed reads (none on PostgreSQL). */
  public static final String CHANGES_FILE = "V3__changes.sql";

  /** The file that adds the previous key of a rotated name. */
  public static final String ROTATION_FILE = "V4__rotation.sql";

  /** Every schema file of a dialect, in the order they run; each dialect's folder holds these. */
  public static final List<String> FILES = List.of(CREATE_TABLE_FILE, LIFECYCLE_FILE, CHANGES_FILE, ROTATION_FILE);

  private SchemaScript() {}

  /** The statements of the file that creates the table, for a table of the given name. */
  public static List<String> createTable(Dialect dialect, String table) {
    return file(dialect, CREATE_TABLE_FILE, table);
  }

  /**
   * The statements of every file in order, for a table of the given name: what makes any earlier
   * version of the table, or none, current.
   */
  public static List<String> allFiles(Dialect dialect, String table) {
    List<String> statements = new ArrayList<>();
    for (String file : FILES) {
      statements.addAll(file(dialect, file, table));
    }
    return List.copyOf(statements);
  }

  /** The statements of one file, for a table of the given name. */
  public static List<String> file(Dialect dialect, String file, String table) {
    return statements(read(dialect.schemaLocation() + "/" + file).replace(DEFAULT_TABLE, table));
  }

  static List<String> statements(String script) {
    StringBuilder uncommented = new StringBuilder(script.length());
    for (String line : script.split("\n", -1)) {
      int comment = line.indexOf("--");
      uncommented.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
    }
    List<String> statements = new ArrayList<>();
    for (String statement : uncommented.toString().split(";\\s*\n", -1)) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return List.copyOf(statements);
  }

  private static String read(String resource) {
    try (InputStream in = SchemaScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema file missing from the class path: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
