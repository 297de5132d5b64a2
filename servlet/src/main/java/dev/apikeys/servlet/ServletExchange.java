package dev.apikeys.servlet;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.EndpointResponse;
import dev.apikeys.codecs.Headers;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;

/** What the servlet and the filter do with a servlet request and response: headers in, an answer out, and the library's target. */
final class ServletExchange {
  /** A target no route has: the endpoint answers it 404, in the negotiated format. */
  private static final String NOWHERE = "/";
  /** The most of a body left unread that is read and dropped to keep the connection, as the JDK's own HTTP server does. */
  static final int DRAIN_LIMIT = 64 * 1024;

  private ServletExchange() {}

  /**
   * The request's headers, each one value: the field lines of a repeated header joined with {@code
   * ", "}, as {@link Headers} asks (a second API-key or Content-Type line then makes a value that
   * is refused, instead of the first line winning).
   */
  static Headers headers(HttpServletRequest request) {
    return name -> {
      Enumeration<String> lines = request.getHeaders(name);
      if (lines == null || !lines.hasMoreElements()) {
        return null;
      }
      String first = lines.nextElement();
      if (!lines.hasMoreElements()) {
        return first;
      }
      StringBuilder joined = new StringBuilder(first);
      while (lines.hasMoreElements()) {
        joined.append(", ").append(lines.nextElement());
      }
      return joined.toString();
    };
  }

  /**
   * Sends an answer: its status, every one of its headers, and its body unless the request was a
   * {@code HEAD}. What is left of the request's body is read first (see {@link #finishBody}).
   */
  static void send(EndpointResponse answer, HttpServletRequest request, HttpServletResponse response, boolean head)
      throws IOException {
    finishBody(request, response);
    response.setStatus(answer.status());
    answer.headers().forEach(response::setHeader);
    byte[] body = answer.body();
    if (body.length > 0) {
      response.setContentLength(body.length);
      if (!head) {
        try (OutputStream out = response.getOutputStream()) {
          out.write(body);
        }
      }
    }
  }

  /**
   * Reads and drops what is left of the request's body, up to {@link #DRAIN_LIMIT} bytes, so that
   * the connection can serve the client's next request; beyond that, the answer says {@code
   * Connection: close}. A refusal (401, 404, 415, …) is decided before the body is read, and a
   * client writes the body after the head: answered at once, the unread rest makes the container
   * close the connection after the answer, which the client had no way to know, and its next
   * request on that connection gets no answer.
   */
  private static void finishBody(HttpServletRequest request, HttpServletResponse response) {
    if (request.getContentLengthLong() > DRAIN_LIMIT) {
      response.setHeader("Connection", "close");
      return;
    }
    try {
      InputStream in = request.getInputStream();
      if (in.read() < 0) {
        return; // nothing left, as for most requests: no buffer needed
      }
      byte[] buffer = new byte[8192];
      for (long left = DRAIN_LIMIT; left > 0; ) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          return;
        }
        left -= n;
      }
      response.setHeader("Connection", "close");
    } catch (IOException | IllegalStateException e) {
      // the client went away, or the host read the body as a Reader: the connection ends with this answer
      response.setHeader("Connection", "close");
    }
  }

  /**
   * The request's target as the endpoint reads it: the library's path, still percent-encoded, and
   * the raw query. The context path is taken off. Mapped at a prefix ({@code /p/*}, or exactly
   * {@code /p}), the servlet serves at {@code /p} what the library serves at {@code
   * /api/v1/apikeys}; mapped at {@code /} or {@code /*}, the path within the context is the
   * library's as it is. Only the raw URI is read for what follows the prefix, so that a name's
   * {@code %2F} stays one segment.
   */
  static String target(HttpServletRequest request) {
    String path = path(request);
    String query = request.getQueryString();
    return query == null ? path : path + "?" + query;
  }

  private static String path(HttpServletRequest request) {
    String inContext = rawAfter(request.getRequestURI(), request.getContextPath());
    if (inContext == null) {
      return NOWHERE;
    }
    HttpServletMapping mapping = request.getHttpServletMapping();
    MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
    String pattern = mapping == null ? "" : mapping.getPattern();
    if (match == MappingMatch.EXACT) {
      return ApikeyEndpoint.PATH;
    }
    if (match == MappingMatch.PATH && pattern.endsWith("/*") && pattern.length() > 2) {
      String rest = rawAfter(inContext, pattern.substring(0, pattern.length() - 2));
      return rest == null ? NOWHERE : ApikeyEndpoint.PATH + rest;
    }
    return inContext;
  }

  /**
   * What follows {@code prefix} in the raw path {@code raw}: the raw path without as many segments
   * as the prefix has, if those segments percent-decode to the prefix; else {@code null} (a path
   * the container has normalized, with dot segments or parameters, which no route needs).
   */
  static @Nullable String rawAfter(String raw, String prefix) {
    if (raw.startsWith(prefix) && (raw.length() == prefix.length() || raw.charAt(prefix.length()) == '/')) {
      return raw.substring(prefix.length());
    }
    int segments = (int) prefix.chars().filter(c -> c == '/').count();
    int cut = -1;
    for (int n = 0; n <= segments && cut < raw.length(); n++) {
      int next = raw.indexOf('/', cut + 1);
      cut = next < 0 ? raw.length() : next;
    }
    String head = raw.substring(0, cut);
    return prefix.equals(decode(head)) ? raw.substring(cut) : null;
  }

  private static @Nullable String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
