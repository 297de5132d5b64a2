package dev.apikeys.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The size of the H2 file the server keeps its keys in, under a create load and after a stop. */
class ExampleServerH2FileSizeTest {
  /** With H2's defaults the file was six times its data by then, and twice after the stop. */
  static final int KEYS = 30_000;
  static final String MEASURE_PROPERTY = "apikeys.h2.footprint.keys";

  @TempDir Path dir;

  @Test
  void afterACreateLoadAndAStopTheFileIsTheSizeOfItsData() throws Exception {
    Path base = dir.resolve("apikeys");
    H2Footprint footprint = H2Footprint.measure("jdbc:h2:file:" + base, base, KEYS, 4, sample -> { });
    System.out.println(footprint.report());

    // Within twice was the goal; the stop compacts fully, so the file is what SHUTDOWN COMPACT makes
    // of it. H2's defaults (200 ms of compaction at close) left 2 times that at 30,000 keys and 1.7
    // to 12 times at 50,000 to 130,000.
    assertThat(footprint.afterStop()).as(footprint.report()).isLessThanOrEqualTo(footprint.compacted() * 11 / 10);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).as("the compaction ran to its end")
          .contains("apikeys.mv.db").noneMatch(f -> f.endsWith(".tempFile") || f.endsWith(".newFile"));
    }
  }

  @Test
  void anEmbeddedFileReusesFreedSpaceAtOnceAndIsCompactedWhenItCloses() throws Exception {
    Map<String, String> settings = settings("jdbc:h2:file:" + dir.resolve("apikeys"));

    assertThat(settings).containsEntry("RETENTION_TIME", "0").containsEntry("DEFRAG_ALWAYS", "TRUE");
  }

  @Test
  void aUrlThatNamesTheSettingsKeepsItsOwn() throws Exception {
    Map<String, String> settings =
        settings("jdbc:h2:file:" + dir.resolve("apikeys") + ";retention_time=45000;DEFRAG_ALWAYS=FALSE");

    assertThat(settings).containsEntry("RETENTION_TIME", "45000").containsEntry("DEFRAG_ALWAYS", "FALSE");
  }

  @Test
  void onlyAnEmbeddedFileGetsTheFileSettings() {
    assertThat(ExampleServer.Database.h2Defaults("jdbc:h2:./data/apikeys"))
        .isEqualTo("jdbc:h2:./data/apikeys;DB_CLOSE_ON_EXIT=FALSE;RETENTION_TIME=0;DEFRAG_ALWAYS=TRUE");
    assertThat(ExampleServer.Database.h2Defaults("jdbc:h2:mem:apikeys")).isEqualTo("jdbc:h2:mem:apikeys;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(ExampleServer.Database.h2Defaults("jdbc:h2:tcp://localhost/~/apikeys;DB_CLOSE_ON_EXIT=TRUE"))
        .isEqualTo("jdbc:h2:tcp://localhost/~/apikeys;DB_CLOSE_ON_EXIT=TRUE");
    assertThat(ExampleServer.Database.h2Defaults("jdbc:postgresql://localhost/apikeys"))
        .isEqualTo("jdbc:postgresql://localhost/apikeys");
  }

  /**
   * The long measurement, by hand: {@code -Dapikeys.h2.footprint.keys=1000000}; the figures go to
   * this class's output file under {@code target/surefire-reports}.
   */
  @Test
  @EnabledIfSystemProperty(named = MEASURE_PROPERTY, matches = "[0-9_]+")
  void measure() throws Exception {
    int keys = Integer.parseInt(System.getProperty(MEASURE_PROPERTY).replace("_", ""));
    int threads = Integer.getInteger("apikeys.h2.footprint.threads", 4);
    Path base = dir.resolve("apikeys");
    String url = System.getProperty("apikeys.h2.footprint.url", "jdbc:h2:file:{file}").replace("{file}", base.toString());
    System.out.println(ExampleServer.Database.h2Defaults(url) + ", " + threads + " threads");
    System.out.println(H2Footprint.measure(url, base, keys, threads, System.out::println).report());
  }

  /** The two settings as the server's own connection sees them, upper case. */
  private static Map<String, String> settings(String url) throws Exception {
    Map<String, String> settings = new HashMap<>();
    try (ExampleServer.Database db = ExampleServer.Database.open(Options.parse("--jdbc-url", url));
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS")) {
      while (r.next()) {
        if (r.getString(1).equals("RETENTION_TIME") || r.getString(1).equals("DEFRAG_ALWAYS")) {
          settings.put(r.getString(1), r.getString(2).toUpperCase(Locale.ROOT));
        }
      }
    }
    return settings;
  }
}
