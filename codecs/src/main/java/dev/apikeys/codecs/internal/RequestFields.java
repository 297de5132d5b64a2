package dev.apikeys.codecs.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns what transit-java read into the field map of a request: a map whose keys are strings or
 * keywords, named by the keyword's name ({@code :name} → {@code "name"}, {@code :a/name} → {@code
 * "a/name"}), each field once. Values are checked against what transit defines, so that no
 * reader-internal object and no symbol gets through. (EDN has a reader of its own, {@link
 * EdnReader}, which builds the field map as it reads.)
 */
final class RequestFields {
  private RequestFields() {}

  static Map<String, Object> of(Object decoded, String format) {
    if (!(decoded instanceof Map<?, ?> map)) {
      throw Malformed.because(Malformed.NOT_A_MAP);
    }
    Map<String, Object> fields = new LinkedHashMap<>(Math.max(4, map.size() * 2));
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = fieldName(e.getKey());
      if (name == null) {
        throw Malformed.because(Malformed.BAD_KEY);
      }
      checkValue(e.getValue(), format);
      if (fields.containsKey(name)) {
        throw Malformed.because(Malformed.DUPLICATE_KEY);
      }
      fields.put(name, e.getValue());
    }
    return Collections.unmodifiableMap(fields);
  }

  private static String fieldName(Object key) {
    // Classes before the interface: a check against a final class is one comparison.
    if (key instanceof String s) {
      return s;
    }
    if (key instanceof com.cognitect.transit.Keyword k) {
      return k.getNamespace() == null ? k.getName() : k.getNamespace() + "/" + k.getName();
    }
    return null;
  }

  /** Recursion is bounded: every reader has refused nesting beyond {@code Codec.MAX_DEPTH} before this runs. */
  private static void checkValue(Object v, String format) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number
        || v instanceof Character || v instanceof UUID || v instanceof Date || v instanceof byte[]
        || v instanceof com.cognitect.transit.Keyword
        || v instanceof com.cognitect.transit.Ratio || v instanceof com.cognitect.transit.URI
        || v instanceof com.cognitect.transit.Link) {
      return;
    }
    if (v instanceof com.cognitect.transit.Symbol) {
      throw Malformed.because(Malformed.SYMBOL);
    }
    if (v instanceof com.cognitect.transit.TaggedValue) {
      throw Malformed.because(Malformed.UNKNOWN_TAG);
    }
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        checkValue(e.getKey(), format);
        checkValue(e.getValue(), format);
      }
    } else if (v instanceof Collection<?> c) {
      for (Object o : c) {
        checkValue(o, format);
      }
    } else {
      // e.g. a transit tag marker that a cache reference put where a value belongs
      throw Malformed.because(Malformed.syntax(format));
    }
  }
}
