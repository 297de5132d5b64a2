package dev.apikeys.codecs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The request headers, as the host has them: a lookup by name.
 *
 * <p>Names are case-insensitive. A header sent on several field lines is one value, the lines
 * joined with {@code ", "} (RFC 9110, section 5.3); for a single-valued header such as
 * Content-Type that makes a value no codec accepts, which is the right answer. Implementations
 * that wrap a host's request object are often one lambda, e.g. {@code servletRequest::getHeader}
 * (whose lookup is case-insensitive, but returns only the first line).
 */
@FunctionalInterface
public interface Headers {
  /**
   * One header's value.
   *
   * @param name the name, in any case; this library asks in lower case
   * @return the value, or {@code null} if the request has no such header
   */
  @Nullable String get(String name);

  /**
   * Headers from a map of name to field lines, such as {@code com.sun.net.httpserver.Headers}.
   * The map is copied.
   *
   * @param fields name to values; names in any case, differently cased names are merged
   * @return the headers
   */
  static Headers of(Map<String, ? extends List<String>> fields) {
    Objects.requireNonNull(fields, "fields");
    Map<String, String> joined = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    fields.forEach((name, values) -> {
      if (name != null && values != null && !values.isEmpty()) {
        String value = String.join(", ", values);
        joined.merge(name, value, (a, b) -> a + ", " + b);
      }
    });
    return joined::get;
  }

  /** No headers at all. */
  static Headers none() {
    return name -> null;
  }
}
