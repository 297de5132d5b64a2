package dev.apikeys.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as the test writes it: for requests no HTTP client
 * would send (odd bytes in headers, oversized headers, bodies that trickle or never end).
 */
public final class RawHttp {
  private RawHttp() {}

  /** A response as read off the socket, or {@link #CLOSED} if the server closed without answering. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    /** A header by name, in any case; null if absent. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status == 0 ? "closed without an answer" : status + " " + new String(body, StandardCharsets.UTF_8);
    }
  }

  public static final Response CLOSED = new Response(0, Map.of(), new byte[0]);

  /** The head of a POST to the endpoint, with Connection: close, ending in the blank line; header lines as given. */
  public static byte[] head(String... headerLines) {
    StringBuilder sb = new StringBuilder("POST /api/v1/apikeys HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (String line : headerLines) {
      sb.append(line).append("\r\n");
    }
    return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends head and body, then reads the response until the server closes. */
  public static Response exchange(int port, byte[] head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head);
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // the server may close before reading it all; what it answered is still there to read
      }
      return read(socket.getInputStream());
    }
  }

  /** Reads one response up to the end of its body (Content-Length) or of the stream. */
  public static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int headEnd = -1;
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        all.write(buffer, 0, n);
        byte[] sofar = all.toByteArray();
        if (headEnd < 0) {
          headEnd = Bytes.indexOf(sofar, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (headEnd >= 0) {
          Response r = parse(sofar, headEnd);
          String length = r.header("content-length");
          if (length != null && sofar.length - headEnd - 4 >= Integer.parseInt(length)) {
            return r;
          }
        }
      }
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      // reset by the server: whatever arrived is the answer
    }
    byte[] sofar = all.toByteArray();
    if (headEnd < 0) {
      return CLOSED;
    }
    return parse(sofar, headEnd);
  }

  private static Response parse(byte[] bytes, int headEnd) {
    String[] lines = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
    String length = headers.get("content-length");
    if (length != null && body.length > Integer.parseInt(length)) {
      body = Arrays.copyOf(body, Integer.parseInt(length));
    }
    return new Response(status, headers, body);
  }
}
