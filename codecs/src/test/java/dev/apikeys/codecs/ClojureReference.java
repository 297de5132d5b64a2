package dev.apikeys.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.IPersistentMap;
import clojure.lang.Keyword;
import clojure.lang.PersistentArrayMap;
import java.io.PushbackReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Clojure reference implementations, in-process: transit-clj, {@code pr-str} and {@code
 * clojure.edn/read-string}, and clojure.data.json, through the small namespace in {@code
 * apikeys_interop.clj}. Loaded once per JVM.
 */
final class ClojureReference {
  private static final String NS = "apikeys-interop";

  static {
    Clojure.var("clojure.core", "require").invoke(Clojure.read(NS));
  }

  private ClojureReference() {}

  /** {@code {:name "ci" :role "operator"}}, as an array map. */
  static Object request() {
    return fn("request").invoke();
  }

  /** {@code {:role "operator" :name "ci" :key key :created-by "key:0011223344556677"}}, as an array map. */
  static Object response(UUID key) {
    return fn("response").invoke(key);
  }

  /**
   * {@code {:name "ci" :role "operator" :expires-at #inst "2027-01-01T00:00:00.000-00:00"}}, the
   * expiry as the RFC 3339 string {@code "2027-01-01T00:00:00.000Z"} for JSON.
   */
  static Object expiringRequest(Format format) {
    return fn("expiring-request").invoke(format == Format.JSON);
  }

  /** {@link CodecTest#PAGE} as a Clojure value: dates, or for JSON RFC 3339 strings. */
  static Object listResponse(Format format) {
    return fn("list-response").invoke(format == Format.JSON);
  }

  /** {@code {:name "ci" :revoked true}}. */
  static Object revokeResponse() {
    return fn("revoke-response").invoke();
  }

  /** A Clojure value read from EDN text, e.g. {@code {"name" "ci"}}. */
  static Object read(String edn) {
    return Clojure.var("clojure.edn", "read-string").invoke(edn);
  }

  /**
   * What {@code clojure.edn} reads from the start of a text: the first value, and whether anything
   * other than white space, comments and discarded forms follows it ({@code read-string} reads the
   * first value and ignores the rest; this reads on from where it stopped, as the codec does).
   * Throws what {@code clojure.edn/read} throws for the first value.
   */
  static EdnRead readFirst(String edn) {
    Object eof = new Object();
    Object opts = PersistentArrayMap.EMPTY.assoc(Keyword.intern("eof"), eof);
    PushbackReader in = new PushbackReader(new StringReader(edn));
    IFn read = Clojure.var("clojure.edn", "read");
    Object value = read.invoke(opts, in);
    boolean more;
    try {
      more = read.invoke(opts, in) != eof;
    } catch (RuntimeException e) {
      more = true;
    }
    return value == eof ? new EdnRead(null, true, more) : new EdnRead(value, false, more);
  }

  /** The first value {@code clojure.edn} read, or none ({@code empty}), and whether more followed it. */
  record EdnRead(Object value, boolean empty, boolean trailing) {}

  /** What the reference writer for a format writes; {@code verbose} only for transit+json. */
  static byte[] write(Format format, Object value, boolean verbose) {
    return (byte[]) switch (format) {
      case JSON -> fn("json-write").invoke(value);
      case TRANSIT_JSON -> fn("transit-write").invoke(Keyword.intern(verbose ? "json-verbose" : "json"), value);
      case TRANSIT_MSGPACK -> fn("transit-write").invoke(Keyword.intern("msgpack"), value);
      case EDN -> fn("edn-write").invoke(value);
    };
  }

  static byte[] write(Format format, Object value) {
    return write(format, value, false);
  }

  /** What the reference reader for a format reads: transit-clj, clojure.edn/read-string, or data.json. */
  static Object read(Format format, byte[] body) {
    return switch (format) {
      case JSON -> fn("json-read").invoke(body);
      case TRANSIT_JSON -> fn("transit-read").invoke(Keyword.intern("json"), body);
      case TRANSIT_MSGPACK -> fn("transit-read").invoke(Keyword.intern("msgpack"), body);
      case EDN -> fn("edn-read").invoke(body);
    };
  }

  /**
   * A Clojure map read from a body, as plain Java: keys by name, vectors as lists. In every format
   * but JSON each key must be a Clojure keyword.
   */
  static Map<String, Object> plain(Format format, Object value) {
    assertThat(value).isInstanceOf(IPersistentMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) plainValue(format, value);
    return map;
  }

  private static Object plainValue(Format format, Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        if (format == Format.JSON) {
          assertThat(k).isInstanceOf(String.class);
          out.put((String) k, plainValue(format, v));
        } else {
          assertThat(k).as("a key in " + format).isInstanceOf(Keyword.class);
          out.put(((Keyword) k).getName(), plainValue(format, v));
        }
      });
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(plainValue(format, v)));
      return out;
    }
    return value;
  }

  private static IFn fn(String name) {
    return Clojure.var(NS, name);
  }
}
