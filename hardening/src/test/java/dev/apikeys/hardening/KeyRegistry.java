package dev.apikeys.hardening;

import dev.apikeys.core.spi.KeyGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every key this test run created, for the secrets scan: kept in memory for checks within a test,
 * and appended, one per line, to {@code target/secrets/created-keys-<pid>.txt}, which {@link
 * BuildSecretsScanTest} reads from every module when the build's tests are done. Keys are
 * recorded as the generator makes them, so a key that never reached a response (its insert failed)
 * is searched for too.
 */
final class KeyRegistry {
  /** Where each module's tests leave what the scan reads: their key lists and captured logs. */
  static final String DIRECTORY = "target/secrets";
  private static final Pattern FILE = Pattern.compile("created-keys-.*\\.txt");

  private static final Set<UUID> KEYS = ConcurrentHashMap.newKeySet();
  private static BufferedWriter out;

  private KeyRegistry() {}

  /** A generator of random keys (as in production) that records each one. */
  static KeyGenerator recording() {
    KeyGenerator random = KeyGenerator.secureRandom();
    return () -> record(random.newKey());
  }

  static UUID record(UUID key) {
    if (KEYS.add(key)) {
      write(key);
    }
    return key;
  }

  /** The keys recorded in this JVM. */
  static Set<UUID> recorded() {
    return Set.copyOf(KEYS);
  }

  private static synchronized void write(UUID key) {
    try {
      if (out == null) {
        Path directory = Files.createDirectories(Path.of(DIRECTORY));
        out = Files.newBufferedWriter(directory.resolve("created-keys-" + ProcessHandle.current().pid() + ".txt"),
            StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      }
      out.write(key.toString());
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a file is a key list, which the scan reads for keys and does not search. */
  static boolean isKeyList(Path file) {
    return FILE.matcher(file.getFileName().toString()).matches();
  }

  /** Every key listed under {@code <module>/target/secrets/} of every module below the root. */
  static Set<UUID> readAll(Path root) throws IOException {
    Set<UUID> keys = new TreeSet<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(Files::isDirectory).toList()) {
        Path secrets = module.resolve(DIRECTORY);
        if (!Files.isDirectory(secrets)) {
          continue;
        }
        try (Stream<Path> files = Files.list(secrets)) {
          for (Path file : files.filter(KeyRegistry::isKeyList).toList()) {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
              if (!line.isBlank()) {
                keys.add(UUID.fromString(line.strip()));
              }
            }
          }
        }
      }
    }
    return keys;
  }
}
