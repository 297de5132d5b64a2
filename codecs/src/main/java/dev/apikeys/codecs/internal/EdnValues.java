package dev.apikeys.codecs.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The EDN values that have no Java type (keywords, the symbols of discarded forms, ratios), and
 * how values compare as Clojure's {@code =} does for the duplicate check of sets and map keys.
 */
final class EdnValues {
  private EdnValues() {}

  static Object inNamespace(Object key, String namespace) {
    if (key instanceof Keyword k) {
      String ns = k.namespace();
      return ns == null ? new Keyword(namespace + "/" + k.text()) : ns.equals("_") ? new Keyword(k.name()) : k;
    }
    if (key instanceof Symbol s) {
      String ns = s.namespace();
      return ns == null ? new Symbol(namespace + "/" + s.text()) : ns.equals("_") ? new Symbol(s.name()) : s;
    }
    return key;
  }

  /**
   * What Clojure's {@code =} compares, for the duplicate check of sets and map keys: an integer
   * whatever its size ({@code 1} and {@code 1N}), a double with {@code -0.0} as {@code 0.0}, a
   * decimal without trailing zeros, any sequence as a list.
   */
  static Object equalityKey(Object v) {
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (v instanceof Double d) {
      return d == 0.0 ? (Object) 0.0 : d;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(equalityKey(x)));
      return out;
    }
    if (v instanceof Set<?> s) {
      Set<Object> out = new HashSet<>();
      s.forEach(x -> out.add(equalityKey(x)));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new HashMap<>();
      m.forEach((k, x) -> out.put(equalityKey(k), equalityKey(x)));
      return out;
    }
    return v;
  }

  // --- values that have no Java type -----------------------------------------------------------

  /** A keyword, {@code text} without its colon: {@code :a/b} is {@code a/b}, namespace {@code a}, name {@code b}. */
  record Keyword(String text) {
    String namespace() {
      int slash = text.indexOf('/');
      return slash < 0 || text.equals("/") ? null : text.substring(0, slash);
    }

    String name() {
      int slash = text.indexOf('/');
      return slash < 0 || text.equals("/") ? text : text.substring(slash + 1);
    }

    @Override
    public String toString() {
      return ":" + text;
    }
  }

  /** A symbol inside a discarded form, kept only for the duplicate check of the collection it is in. */
  record Symbol(String text) {
    String namespace() {
      return new Keyword(text).namespace();
    }

    String name() {
      return new Keyword(text).name();
    }
  }

  /** A ratio in lowest terms, the denominator above one, as Clojure prints it: {@code 1/2}. */
  record Ratio(BigInteger numerator, BigInteger denominator) {
    @Override
    public String toString() {
      return numerator + "/" + denominator;
    }
  }
}
