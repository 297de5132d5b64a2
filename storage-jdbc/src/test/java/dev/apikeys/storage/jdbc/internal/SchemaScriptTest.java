package dev.apikeys.storage.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.storage.jdbc.Dialect;
import java.util.List;
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

  @Test
  void splitsStatementsAtSemicolonsEndingALineAndDropsComments() {
    assertThat(SchemaScript.statements("-- header\nCREATE TABLE a (x INT); -- trailing\n\n-- between\nCREATE TABLE b (\n  y INT -- why\n);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT \n)");
  }
}
