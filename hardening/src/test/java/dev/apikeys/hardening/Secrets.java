package dev.apikeys.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Checks, within a test, that a body, a message or a printed exception holds none of the keys the run created so far. */
final class Secrets {
  private Secrets() {}

  private static final LeakScanner SCANNER = new LeakScanner(java.util.List.of());
  private static final java.util.Set<java.util.UUID> SCANNED = new java.util.HashSet<>();

  static void assertNoKeyIn(String where, byte[] content) {
    assertThat(scanner().scan(where, content)).as("keys in %s", where).isEmpty();
  }

  static void assertNoKeyIn(String where, String text) {
    assertNoKeyIn(where, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The scanner, told about the keys recorded since it was last asked for. */
  private static synchronized LeakScanner scanner() {
    java.util.Set<java.util.UUID> added = new java.util.HashSet<>(KeyRegistry.recorded());
    added.removeAll(SCANNED);
    SCANNER.add(added);
    SCANNED.addAll(added);
    return SCANNER;
  }

  /** A failure as a host's log prints it: the stack trace with every cause and suppressed exception. */
  static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
