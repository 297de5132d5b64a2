package dev.apikeys.codecs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import clojure.lang.IMeta;
import clojure.lang.Symbol;
import dev.apikeys.codecs.internal.Malformed;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.UnauthenticatedException;
import dev.apikeys.core.Violation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A seeded differential test of the EDN decoder against {@code clojure.edn}, the reader of the
 * clients' stack: mutated EDN bodies (strings and their escapes, keywords, {@code ##} values,
 * numbers, characters, tags, discards, namespaced maps, white space and commas) are read by both.
 * For each body:
 *
 * <ul>
 *   <li>clojure.edn throws: the codec refuses it with {@link MalformedBodyException};
 *   <li>clojure.edn reads a value of a documented refusal (data after the value, not a map, a
 *       symbol anywhere, metadata, nesting deeper than {@link Codec#MAX_DEPTH}, a key that is
 *       neither a string nor a keyword, the same field as keyword and string, more than 1000 digits
 *       in a row): the codec refuses it;
 *   <li>otherwise the codec decodes it, to the same field names and the same values.
 * </ul>
 *
 * <p>{@code -Dapikeys.fuzz.count=N} sets the number of bodies (default 5,000, a few seconds),
 * {@code -Dapikeys.fuzz.seed=S} the seed. A failure names the seed and lists the first bodies the
 * two readers disagree on.
 */
class EdnDifferentialTest {
  private static final int COUNT = Integer.getInteger("apikeys.fuzz.count", 5_000);
  private static final long SEED = Long.getLong("apikeys.fuzz.seed", 0x5eedc0de_2026L);
  private static final int SHOWN = 12;

  @Test
  void decodesWhatClojureEdnReadsAndRefusesWhatItRefusesApartFromTheDocumentedRefusals() {
    Mutator mutator = new Mutator(new SplittableRandom(SEED));
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> disagreements = new ArrayList<>();
    int disagreed = 0;
    for (int i = 0; i < COUNT; i++) {
      String body = mutator.next();
      String outcome;
      try {
        outcome = compare(body);
      } catch (Disagreement d) {
        disagreed++;
        if (disagreements.size() < SHOWN) {
          disagreements.add("body " + i + " " + javaString(body) + " (" + HexFormat.of().formatHex(body.getBytes(UTF_8)) + "): "
              + d.getMessage());
        }
        continue;
      }
      outcomes.merge(outcome, 1, Integer::sum);
    }
    System.out.printf("EDN against clojure.edn: seed %d, %d bodies, %s, %d disagreements%n", SEED, COUNT, outcomes, disagreed);
    assertThat(disagreements).as("with -Dapikeys.fuzz.seed=" + SEED + " -Dapikeys.fuzz.count=" + COUNT + ", " + disagreed
        + " bodies where the codec and clojure.edn disagree; the first ones").isEmpty();
    if (COUNT >= 1000) {
      assertThat(outcomes.getOrDefault("both read", 0)).as("bodies both read: a generator of garbage tests little")
          .isGreaterThan(COUNT / 10);
      assertThat(outcomes.getOrDefault("both refuse", 0)).as("bodies both refuse").isGreaterThan(COUNT / 10);
    }
  }

  /** What both readers did with the body, or a {@link Disagreement}. */
  private static String compare(String body) {
    byte[] bytes = body.getBytes(UTF_8);
    ClojureReference.EdnRead clojure;
    try {
      clojure = ClojureReference.readFirst(body);
    } catch (RuntimeException | StackOverflowError e) {
      Map<String, Object> fields;
      try {
        fields = Codec.edn().decode(bytes);
      } catch (MalformedBodyException expected) {
        return "both refuse";
      } catch (RuntimeException | Error other) {
        throw new Disagreement("the codec threw " + other);
      }
      throw new Disagreement("clojure.edn refuses it (" + e + "), the codec decodes it to " + fields);
    }
    Map<String, Object> fields;
    try {
      fields = Codec.edn().decode(bytes);
    } catch (MalformedBodyException refused) {
      String documented = documentedRefusal(body, clojure);
      if (documented != null) {
        return "documented: " + documented;
      }
      if (refused.getMessage().equals(Malformed.METADATA) && body.indexOf('^') >= 0) {
        return "documented: metadata"; // in a discarded form or on a ##symbol, where clojure.edn's value cannot show it
      }
      throw new Disagreement("clojure.edn reads " + show(clojure.value()) + ", the codec refuses it: " + refused.getMessage());
    } catch (RuntimeException | Error e) {
      throw new Disagreement("the codec threw " + e);
    }
    String documented = documentedRefusal(body, clojure);
    if (documented != null) {
      throw new Disagreement("the codec decodes " + fields + " though it is a documented refusal: " + documented);
    }
    Map<Object, Object> expected = new HashMap<>();
    ((Map<?, ?>) clojure.value()).forEach((k, v) -> expected.put(fieldName(k), plain(v)));
    Map<Object, Object> actual = new HashMap<>();
    fields.forEach((k, v) -> actual.put(k, plain(v)));
    if (!expected.equals(actual)) {
      throw new Disagreement("clojure.edn reads " + expected + ", the codec decodes " + actual);
    }
    return "both read";
  }

  /** Why the codec refuses what clojure.edn read, by one of the documented rules; null if none applies. */
  private static String documentedRefusal(String body, ClojureReference.EdnRead clojure) {
    if (clojure.empty()) {
      return "empty";
    }
    if (clojure.trailing()) {
      return "data after the value";
    }
    if (!(clojure.value() instanceof Map<?, ?> map)) {
      return "not a map";
    }
    if (longestDigitRun(body) > 1000) {
      return "more than 1000 digits in a row";
    }
    Set<String> names = new HashSet<>();
    for (Object key : map.keySet()) {
      if (!(key instanceof String || key instanceof clojure.lang.Keyword)) {
        return "a key that is neither a string nor a keyword";
      }
      if (!names.add(fieldName(key))) {
        return "the same field as keyword and string";
      }
    }
    return walk(map, 1);
  }

  private static String walk(Object value, int depth) {
    if (value instanceof Symbol) {
      return "a symbol";
    }
    if (value instanceof IMeta m && m.meta() != null) {
      return "metadata";
    }
    if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
      if (depth > Codec.MAX_DEPTH) {
        return "nested too deep";
      }
      Collection<?> items = value instanceof Map<?, ?> m ? entries(m) : (Collection<?>) value;
      for (Object item : items) {
        String found = walk(item, depth + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static List<Object> entries(Map<?, ?> map) {
    List<Object> out = new ArrayList<>();
    map.forEach((k, v) -> {
      out.add(k);
      out.add(v);
    });
    return out;
  }

  private static int longestDigitRun(String body) {
    int run = 0;
    int longest = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      run = c >= '0' && c <= '9' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  private static String fieldName(Object key) {
    if (key instanceof clojure.lang.Keyword k) {
      return k.getNamespace() == null ? k.getName() : k.getNamespace() + "/" + k.getName();
    }
    return (String) key;
  }

  /**
   * A value of either reader as plain Java, so that the two compare: integers as {@link
   * BigInteger}, keywords and ratios as their printed form with their kind, collections as Java's.
   */
  private static Object plain(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Character || v instanceof Double
        || v instanceof BigDecimal || v instanceof UUID || v instanceof Date) {
      return v;
    }
    if (v instanceof Long || v instanceof Integer) {
      return BigInteger.valueOf(((Number) v).longValue());
    }
    if (v instanceof BigInteger) {
      return v;
    }
    if (v instanceof clojure.lang.BigInt b) {
      return b.toBigInteger();
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new HashMap<>();
      m.forEach((k, x) -> out.put(plain(k), plain(x)));
      return out;
    }
    if (v instanceof Set<?> s) {
      Set<Object> out = new HashSet<>();
      s.forEach(x -> out.add(plain(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(plain(x)));
      return out;
    }
    return v.getClass().getSimpleName() + " " + v; // Keyword :a/b, Ratio 1/2: the same names in both readers
  }

  private static String show(Object clojureValue) {
    return String.valueOf(clojure.lang.RT.printString(clojureValue));
  }

  /** The body as a Java string literal, so that a failing case can be pasted into a test. */
  private static String javaString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.append('"').toString();
  }

  private static final class Disagreement extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Disagreement(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Makes bodies: a tenth valid bodies as they are, the rest one to three mutations of one, each an
   * insertion or replacement of an EDN piece (often next to a quote, backslash, colon, digit or
   * hash, where strings, escapes, keywords, numbers and tags are), a deletion, a duplication, a
   * character swapped for a white space or punctuation character, or a splice of two bodies.
   */
  static final class Mutator {
    private static final List<String> CORPUS = corpus();

    private static final List<String> PIECES = List.of(
        // string escapes
        "\\t", "\\r", "\\n", "\\\\", "\\\"", "\\b", "\\f", "\\'", "\\a", "\\v", "\\0", "\\7", "\\10", "\\101", "\\377", "\\400", "\\8",
        "\\18", "\\1a", "\\u00e9", "\\u00E9", "\\uD83D\\uDE80", "\\uD800", "\\u12", "\\u", "\\U00e9", "\\x41", "\\/", "\\ ",
        "\\\u0663", "\\u\u0663\u0663\u0663\u0663", "\\u\uff10\uff10\uff14\uff11", "\"", "\"\"", "\"x\"",
        // keywords
        ":name", ":role", ":1role", ":nam'e", ":role:", "::role", ":a:b", ":a::b", ":-1", ":+", ":.5", ":é", ":#a", ":a#", ":a/b",
        ":a/b/c", ":a//b", ":/", ":a/", ":/a", ":a/1", ":'", ":|", ":a@b", ":a~b", ":", ":_/name", ":acme/name", ":1", ":nil",
        // ## values
        "##Inf", "##-Inf", "##NaN", "## Inf", "##;c\nNaN", "## #_x Inf", "##+Inf", "##inf", "##Foo", "##", "##1", "##\"x\"",
        // numbers
        "0", "-0", "+1", "1.", "1.5", ".5", "1e5", "1E-5", "1e", "1.5M", "1M", "7N", "1.5N", "0x1F", "0X1f", "-0x10", "0x", "017",
        "08", "00", "2r101", "36rZZ", "37r1", "1r0", "2r2", "1/2", "-1/2", "+1/2", "2/4", "4/2", "1/0", "0/0", "1/2N",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e999", "-1e999", "0.0", "-0.0", "\u0663",
        // characters
        "\\newline", "\\space", "\\tab", "\\return", "\\backspace", "\\formfeed", "\\u0041", "\\o101", "\\o400", "\\o8", "\\o",
        "\\abc", "\\,", "\\(", "\\é", "\\A",
        // dispatch, tags
        "#inst \"2026-01-02T03:04:05Z\"", "#inst \"2026-01-02T03:04:05.1234567890Z\"", "#inst \"2026\"", "#inst \"2024-02-29\"",
        "#inst \"2026-02-29\"", "#inst \"2024-12-31T23:59:60Z\"", "#inst \"2026-01-02T03:04:05+05:30\"", "#inst \"2026-13-01\"",
        "#inst ", "#uuid \"3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\"", "#uuid \"1-1-1-1-1\"", "#uuid ", "#foo ", "#a/b ", "#_", "#_ ",
        "#:acme", "#: acme ", "#:_", "#{", "#{}", "#<", "#!", "#=", "#^", "#'", "#\"x\"", "# ", "#",
        // structure and the rest
        "{", "}", "[", "]", "(", ")", "nil", "true", "false", "sym", "a/b", "'", "^:x ", "^{:a 1} ", ";", "; comment\n", " ", ",",
        "\n", "@", "~", "`", "|", "/", "//");

    private static final String CHARS = " ,\t\n\r\u000b\f\u001c\u001f\u0000\u0001\u007f\u0085\u00a0\u1680\u2000\u2007\u200b\u2028"
        + "\u2029\u202f\u205f\u3000\ufeff!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~aZ0789xeEMNruoé\u0663\uff11\uff21ß☕";

    private static final String ANCHORS = "\"\\:#0123456789 ";

    private final SplittableRandom random;

    Mutator(SplittableRandom random) {
      this.random = random;
    }

    String next() {
      String body = pick(CORPUS);
      if (random.nextInt(10) == 0) {
        return body;
      }
      for (int i = 1 + random.nextInt(3); i > 0; i--) {
        body = mutate(body);
      }
      return new String(body.getBytes(UTF_8), UTF_8); // a surrogate a mutation left unpaired is '?', as the codec would see it
    }

    private String mutate(String b) {
      int at = random.nextInt(b.length() + 1);
      switch (random.nextInt(8)) {
        case 0:
          return splice(b, at, at, pick(PIECES));
        case 1:
        case 2: { // next to where a string, an escape, a keyword, a number or a tag is
          int anchor = anchor(b);
          return anchor < 0 ? b : splice(b, anchor, Math.min(b.length(), anchor + random.nextInt(3)), pick(PIECES));
        }
        case 3:
          return splice(b, at, Math.min(b.length(), at + random.nextInt(1, 6)), pick(PIECES));
        case 4:
          return splice(b, at, Math.min(b.length(), at + random.nextInt(1, 6)), "");
        case 5: {
          int end = Math.min(b.length(), at + random.nextInt(1, 17));
          return splice(b, end, end, b.substring(at, end));
        }
        case 6:
          return at == b.length() ? b + pick(CHARS) : splice(b, at, at + 1, pick(CHARS));
        default: {
          String other = pick(CORPUS);
          return b.substring(0, at) + other.substring(random.nextInt(other.length() + 1));
        }
      }
    }

    /** Just after a random anchor character of the body, or -1 if it has none. */
    private int anchor(String b) {
      int start = random.nextInt(b.length() + 1);
      for (int i = 0; i < b.length(); i++) {
        int j = (start + i) % b.length();
        if (ANCHORS.indexOf(b.charAt(j)) >= 0) {
          return j + 1;
        }
      }
      return -1;
    }

    /** The body with [from, to) replaced, never splitting a surrogate pair (which UTF-8 cannot carry). */
    private static String splice(String b, int from, int to, String insert) {
      if (from > 0 && from < b.length() && Character.isLowSurrogate(b.charAt(from))) {
        from--;
      }
      if (to > 0 && to < b.length() && Character.isLowSurrogate(b.charAt(to))) {
        to++;
      }
      to = Math.max(from, to);
      return b.substring(0, from) + insert + b.substring(to);
    }

    private String pick(List<String> list) {
      return list.get(random.nextInt(list.size()));
    }

    private String pick(String chars) {
      return String.valueOf(chars.charAt(random.nextInt(chars.length())));
    }

    private static List<String> corpus() {
      List<String> c = new ArrayList<>(List.of(
          "{:name \"ci\" :role \"operator\"}",
          "{:name \"ci\", :role \"operator\"}",
          "{\"name\" \"ci\", \"role\" \"operator\"}",
          "{:name \"a\\tb\\r\\nc\\\\d\\\"e\\bf\\fg\\u00e9h\\101i\\0j\" :role \"viewer\"}",
          "{:name ##Inf :role ##-Inf :x ##NaN}",
          "{:name 42 :n -7 :p +3 :f 1.5 :e 1e5 :m 1.5M :b 7N :h 0x1F :o 017 :r 2r101 :q 1/2 :z -0.0}",
          "{:name \\a :nl \\newline :sp \\space :u \\u00e9 :o \\o101 :t \\tab}",
          "{:name \"ci\" :expires-at #inst \"2027-01-01T00:00:00.000-00:00\" :key #uuid \"3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab\"}",
          "#:acme{:name \"ci\" :_/role \"operator\" \"x\" 1}",
          "{:name [1 \"x\" :k nil true false] :tags #{1 2 \"a\"} :l (1 2) :m {:x 1 \"y\" 2 3 4}}",
          "; comment\n{:name \"ci\" #_ skipped :role \"operator\"} ; end\n",
          "{:a/b 1 :c.d/e-f 2 :g? true :h! false :i* 1 :j+ 2 :<k> 3 :l' 4 :m# 5 :n|o 6}",
          "{:1role \"a\" :nam'e \"b\" :-1 \"c\" :é \"d\" :a/b/c \"e\" :/ \"f\" :a:b \"g\"}",
          "{:name \"café ☕ \uD83D\uDE80\" :role \"\\u2603\"}",
          "{:name \"ci\"\u2003:role\u3000\"operator\"}",
          "{:name \"x\" :role #_#_ 1 2 \"operator\"}"));
      CreatedApikey created = new CreatedApikey("admin", "café ☕", UUID.fromString("3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab"), "key:00aa");
      c.add(new String(Codec.edn().encode(created), UTF_8));
      c.add(new String(Codec.edn().encode(CodecTest.PAGE), UTF_8));
      c.add(new String(Codec.edn().encodeRevoked("ci"), UTF_8));
      c.add(new String(Codec.edn().encodeError(new InvalidRequestException(List.of(
          new Violation("name", "missing", "name is required"), new Violation("role", "null", "role must not be null")))), UTF_8));
      c.add(new String(Codec.edn().encodeError(UnauthenticatedException.instance()), UTF_8));
      return List.copyOf(c);
    }
  }
}
