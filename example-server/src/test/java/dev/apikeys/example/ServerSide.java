package dev.apikeys.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * What a server in another process has done with our connections, as the kernel shows it: for
 * tests that must act only once the server has read what they sent, or has closed its listener.
 * The bytes a server has not read yet are in Linux's {@code /proc/net/tcp} (and {@code tcp6}):
 * the receive queue of the server's end of the connection.
 */
final class ServerSide {
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
  private static final String ESTABLISHED = "01";

  private ServerSide() {}

  /** Skips the calling test where the kernel does not show its connections as Linux does. */
  static void assumeVisible() {
    Assumptions.assumeTrue(Files.isReadable(TABLES.get(0)),
        "needs Linux's /proc/net/tcp to see what the server has read of a request");
  }

  /** What became of what a client sent on a connection, at the server's end. */
  enum State {
    /** The server's end holds bytes the server has not read. */
    UNREAD,
    /** The server has read everything sent so far. */
    READ,
    /** The server has closed its end. */
    CLOSED
  }

  /** The state of the server's end of {@code client}, a connection to a server on this machine. */
  static State of(Socket client) {
    String local = String.format(Locale.ROOT, ":%04X", client.getPort());
    String remote = String.format(Locale.ROOT, ":%04X", client.getLocalPort());
    try {
      for (Path table : TABLES) {
        if (!Files.isReadable(table)) {
          continue;
        }
        for (String line : Files.readAllLines(table)) {
          // sl local_address rem_address st tx_queue:rx_queue ...
          String[] f = line.trim().split("\\s+");
          if (f.length > 4 && f[1].endsWith(local) && f[2].endsWith(remote) && f[3].equals(ESTABLISHED)) {
            long unread = Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
            return unread == 0 ? State.READ : State.UNREAD;
          }
        }
      }
      return State.CLOSED;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a new connection to {@code host}:{@code port} is refused: nothing listens there any more. */
  static boolean refusesConnections(String host, int port) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(host, port), 1_000);
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
