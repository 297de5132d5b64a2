package dev.apikeys.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Checks, within a test, that a body, a message or a printed exception holds none of the keys the run created so far. */
final class Secrets {
  private Secrets() {}

  private static LeakScanner scanner;
  private static int scannerKeys = -1;

  static void assertNoKeyIn(String where, byte[] content) {
    assertThat(scanner().scan(where, content)).as("keys in %s", where).isEmpty();
  }

  /** A scanner for the keys recorded so far, made again only when there are new ones. */
  private static synchronized LeakScanner scanner() {
    java.util.Set<java.util.UUID> keys = KeyRegistry.recorded();
    if (keys.size() != scannerKeys) {
      scanner = new LeakScanner(keys);
      scannerKeys = keys.size();
    }
    return scanner;
  }

  static void assertNoKeyIn(String where, String text) {
    assertNoKeyIn(where, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A failure as a host's log prints it: the stack trace with every cause and suppressed exception. */
  static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
