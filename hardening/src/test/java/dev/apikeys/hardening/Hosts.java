package dev.apikeys.hardening;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.apikeys.codecs.ApikeyEndpoint;
import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.EndpointRequest;
import dev.apikeys.codecs.Headers;
import dev.apikeys.core.AuditEvent;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a host does around the endpoint: builds requests, and logs the failures the endpoint reports. */
final class Hosts {
  private static final Logger LOG = LoggerFactory.getLogger("apikeys.host");
  private static final Logger AUDIT = LoggerFactory.getLogger("apikeys.audit");

  private Hosts() {}

  /** The error listener of the README: every 500 and 503 goes to the log with its whole cause chain. */
  static void log(Throwable failure) {
    LOG.warn("apikeys request failed", failure);
  }

  /** An audit sink as a host has one: a line per event in the log, which the secrets scan reads. */
  static void audit(AuditEvent event) {
    AUDIT.info(event.toLogLine());
  }

  /** A create request as a client in the codec's format writes it, with both headers set where not null. */
  static EndpointRequest post(Codec codec, String tenant, String key, String name, String role) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("Content-Type", List.of(codec.contentType()));
    headers.put("Accept", List.of(codec.contentType()));
    if (tenant != null) {
      headers.put(ApikeyEndpoint.TENANT_HEADER, List.of(tenant));
    }
    if (key != null) {
      headers.put(ApikeyEndpoint.API_KEY_HEADER, List.of(key));
    }
    return EndpointRequest.of("POST", ApikeyEndpoint.PATH, Headers.of(headers), body(codec, name, role));
  }

  /** {name, role} in the codec's format, as the Clojure and JavaScript clients write it (keyword keys where there are keywords). */
  static byte[] body(Codec codec, String name, String role) {
    return switch (codec.mediaType().subtype()) {
      case "json" -> ("{\"name\":" + quoted(name, true) + ",\"role\":" + quoted(role, true) + "}").getBytes(UTF_8);
      case "edn" -> ("{:name " + quoted(name, false) + " :role " + quoted(role, false) + "}").getBytes(UTF_8);
      case "transit+json" -> ("[\"^ \",\"~:name\"," + quoted(transit(name), true) + ",\"~:role\"," + quoted(transit(role), true)
          + "]").getBytes(UTF_8);
      case "transit+msgpack" -> msgpack(transit(name), transit(role));
      default -> throw new IllegalArgumentException(codec.contentType());
    };
  }

  /** A string as transit writes it: one that starts with {@code ~}, {@code ^} or {@code `} gets a {@code ~} in front. */
  private static String transit(String s) {
    return !s.isEmpty() && "~^`".indexOf(s.charAt(0)) >= 0 ? "~" + s : s;
  }

  /**
   * A JSON (and EDN) string literal: quotes, backslashes and control characters escaped, and in JSON
   * everything beyond ASCII as {@code \\uXXXX}, the only way to send an unpaired surrogate (UTF-8
   * has no bytes for one). In EDN and msgpack such a name arrives as {@code ?}.
   */
  private static String quoted(String s, boolean json) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || (json && c >= 0x7f)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** {"~:name" name "~:role" role} in msgpack: a fixmap of four str8/str16 entries. */
  private static byte[] msgpack(String name, String role) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x82);
    for (String s : List.of("~:name", name, "~:role", role)) {
      byte[] b = s.getBytes(UTF_8);
      if (b.length < 256) {
        out.write(0xd9);
        out.write(b.length);
      } else {
        out.write(0xda);
        out.write(b.length >>> 8);
        out.write(b.length & 0xff);
      }
      out.writeBytes(b);
    }
    return out.toByteArray();
  }
}
