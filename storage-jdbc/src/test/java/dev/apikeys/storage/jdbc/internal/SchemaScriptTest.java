package dev.apikeys.storage.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.storage.jdbc.Dialect;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaScriptTest {
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyDialectShipsOneCreateTableStatementWithTheDocumentedColumnsAndKeys(Dialect dialect) {
    assertThat(getClass().getClassLoader().getResource(dialect.schemaLocation() + "/V1__create_apikeys.sql")).isNotNull();
    List<String> statements = SchemaScript.createTable(dialect, "apikeys");

    assertThat(statements).hasSize(1);
    String create = statements.get(0);
    assertThat(create).startsWith("CREATE TABLE IF NOT EXISTS apikeys (").doesNotContain("--");
    for (String column : List.of("tenant", "name", "role", "key_digest", "key_id", "created_by", "created_at")) {
      assertThat(create).containsPattern("\n\\s+" + column + "\\s+\\S");
    }
    assertThat(create)
        .contains("CONSTRAINT apikeys_pk PRIMARY KEY (tenant, name)")
        .contains("CONSTRAINT apikeys_key_digest_uq UNIQUE (key_digest)");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anotherTableNameRenamesTheTableAndItsConstraints(Dialect dialect) {
    String create = SchemaScript.createTable(dialect, "auth_keys").get(0);
    assertThat(create)
        .startsWith("CREATE TABLE IF NOT EXISTS auth_keys (")
        .contains("CONSTRAINT auth_keys_pk PRIMARY KEY")
        .contains("CONSTRAINT auth_keys_key_digest_uq UNIQUE")
        .doesNotContain("apikeys");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyDialectShipsTheSameFilesAndTheStoreRunsThemAll(Dialect dialect) throws IOException, URISyntaxException {
    URL folder = getClass().getClassLoader().getResource(dialect.schemaLocation());
    assertThat(folder).isNotNull();
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      // A new file that SchemaScript.FILES does not name would never run from createSchemaIfMissing.
      // (The folder also holds the package-info that opens it on the module path.)
      assertThat(files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".sql")).sorted())
          .containsExactlyElementsOf(SchemaScript.FILES);
    }
    assertThat(SchemaScript.FILES).containsExactly("V1__create_apikeys.sql", "V2__lifecycle.sql", "V3__changes.sql", "V4__rotation.sql");
    assertThat(SchemaScript.allFiles(dialect, "apikeys"))
        .startsWith(SchemaScript.createTable(dialect, "apikeys").toArray(String[]::new))
        .endsWith(SchemaScript.file(dialect, "V4__rotation.sql", "apikeys").toArray(String[]::new));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theRotationFileAddsThePreviousKeysColumnsAndTheIndexOfItsDigestForARenamedTable(Dialect dialect) {
    String all = String.join("\n", SchemaScript.file(dialect, "V4__rotation.sql", "auth_keys"));
    for (String column : List.of("previous_digest", "previous_key_id", "previous_hint", "previous_created_by",
        "previous_created_at", "previous_expires_at")) {
      assertThat(all).contains("ADD COLUMN IF NOT EXISTS " + column);
    }
    assertThat(all).contains("CREATE UNIQUE INDEX IF NOT EXISTS auth_keys_previous_digest_uq ON auth_keys (previous_digest)")
        .doesNotContain("apikeys");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theChangesFileMakesAChangeTableForPollingOrNothingOnPostgresql(Dialect dialect) {
    List<String> statements = SchemaScript.file(dialect, "V3__changes.sql", "auth_keys");
    if (dialect == Dialect.POSTGRESQL) {
      assertThat(statements).isEmpty();
    } else {
      assertThat(statements).singleElement().satisfies(s -> assertThat(s)
          .startsWith("CREATE TABLE IF NOT EXISTS auth_keys_changes (").contains("CONSTRAINT auth_keys_changes_pk PRIMARY KEY (id)")
          .doesNotContain("apikeys"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theLifecycleFileAddsThreeNullableColumnsEachOnlyIfMissing(Dialect dialect) {
    List<String> statements = SchemaScript.file(dialect, "V2__lifecycle.sql", "auth_keys");
    String all = String.join("\n", statements);
    assertThat(statements).allSatisfy(s -> assertThat(s).startsWith("ALTER TABLE auth_keys").doesNotContain("--"));
    assertThat(all).doesNotContain("apikeys").doesNotContainIgnoringCase("NOT NULL").doesNotContainIgnoringCase("DEFAULT");
    for (String column : List.of("key_hint", "expires_at", "last_used_at")) {
      assertThat(all).containsPattern("ADD COLUMN IF NOT EXISTS " + column + "\\s+\\S");
    }
    assertThat(all).containsPattern("key_hint\\s+VARCHAR\\(4\\)");
    // The same timestamp type as created_at in V1.
    String createdAt = SchemaScript.createTable(dialect, "auth_keys").get(0).lines()
        .filter(l -> l.strip().startsWith("created_at")).findFirst().orElseThrow()
        .strip().replaceFirst("^created_at\\s+", "").replaceFirst("\\s+NOT NULL,?$", "");
    assertThat(all).containsPattern("expires_at\\s+" + java.util.regex.Pattern.quote(createdAt))
        .containsPattern("last_used_at\\s+" + java.util.regex.Pattern.quote(createdAt));
  }

  @Test
  void splitsStatementsAtSemicolonsEndingALineAndDropsComments() {
    assertThat(SchemaScript.statements("-- header\nCREATE TABLE a (x INT); -- trailing\n\n-- between\nCREATE TABLE b (\n  y INT -- why\n);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT \n)");
  }
}
