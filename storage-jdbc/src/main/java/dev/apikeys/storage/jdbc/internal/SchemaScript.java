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
 */
public final class SchemaScript {
  /** The table name the schema files use. */
  public static final String DEFAULT_TABLE = "apikeys";

  /** The file that creates the table; later versions will add files beside it. */
  public static final String CREATE_TABLE_FILE = "V1__create_apikeys.sql";

  private SchemaScript() {}

  /** The statements of the file that creates the table, for a table of the given name. */
  public static List<String> createTable(Dialect dialect, String table) {
    String resource = dialect.schemaLocation() + "/" + CREATE_TABLE_FILE;
    return statements(read(resource).replace(DEFAULT_TABLE, table));
  }

  static List<String> statements(String script) {
    StringBuilder uncommented = new StringBuilder(script.length());
    for (String line : script.split("\n", -1)) {
      int comment = line.indexOf("--");
      uncommented.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
    }
    List<String> statements = new ArrayList<>();
    for (String statement : uncommented.toString().split(";\\s*\n")) {
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
