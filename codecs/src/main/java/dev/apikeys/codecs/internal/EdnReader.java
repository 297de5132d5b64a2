package dev.apikeys.codecs.internal;

import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.internal.EdnValues.Keyword;
import dev.apikeys.codecs.internal.EdnValues.Symbol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a request body of EDN by the rules of {@code clojure.edn/read-string} (Clojure's {@code
 * EdnReader}), the reader of the clients' stack, rather than by the EDN spec alone: what it reads,
 * this reads to the same value, and what it refuses, this refuses, apart from the refusals {@link
 * EdnCodec} documents. One pass over the text; the request map is built as it is read.
 *
 * <p>Where clojure.edn and the EDN spec part, clojure.edn is followed:
 *
 * <ul>
 *   <li>white space is {@link Character#isWhitespace} and the comma: U+2003 is white space, a
 *       control character or U+00A0 is part of a word;
 *   <li>a word runs to white space or one of {@code " ; ^ ( ) [ ] { } \}, and {@code @ ` ~} in it
 *       are errors;
 *   <li>keywords are what clojure.edn's symbol pattern ({@code SYMBOL} below) matches, except
 *       those that end in {@code :} or hold {@code ::}: {@code :1role}, {@code :nam'e}, {@code :a/b/c},
 *       {@code :é} and {@code :/} read, {@code :role:} and {@code :a/} do not;
 *   <li>string escapes are {@code \t \r \n \\ \" \b \f}, a backslash, {@code u} and four hex
 *       digits, and octal {@code \0} to {@code \377}; not {@code \'};
 *   <li>{@code ##Inf}, {@code ##-Inf} and {@code ##NaN} are doubles;
 *   <li>numbers include {@code 0x1F}, {@code 017}, {@code 2r101} and {@code 1/2}, not {@code 08};
 *   <li>{@code #inst} takes any number of fraction digits;
 *   <li>sets and maps refuse elements that Clojure calls equal ({@code 1} and {@code 1N}, {@code
 *       [1]} and {@code (1)}, {@code 0.0} and {@code -0.0}), inside a discarded form too.
 * </ul>
 *
 * <p>Recursion is bounded: only a collection recurses, and more than {@link Codec#MAX_DEPTH} levels
 * of them are refused; chains of {@code #_} are counted, not recursed into, and a tag or {@code ##}
 * takes a string or a word, never another tag.
 */
final class EdnReader extends EdnLexer {
  /** What a value is read for: kept, discarded ({@code #_}, where symbols are allowed), or a key of the request map. */
  private static final int VALUE = 0;
  private static final int DISCARD = 1;
  private static final int FIELD_KEY = 2;

  private static final Object END = new Object();

  private EdnReader(String text) {
    super(text);
  }

  /** The request map of the body, field name to value. */
  static Map<String, Object> request(String text) {
    EdnReader reader = new EdnReader(text);
    Object value = reader.readForm(0, VALUE, true);
    if (value == END) {
      throw Malformed.because(Malformed.EMPTY);
    }
    reader.readRest();
    if (!(value instanceof Map<?, ?>)) {
      throw Malformed.because(Malformed.NOT_A_MAP);
    }
    @SuppressWarnings("unchecked") // the map at the top is the request map, built with string keys
    Map<String, Object> fields = (Map<String, Object>) value;
    return fields;
  }

  /** After the value: white space, comments and discarded forms only, as a second {@code read} would find the end. */
  private void readRest() {
    for (int c = skipWhiteSpaceAndComments(); c >= 0; c = skipWhiteSpaceAndComments()) {
      if (!isDiscard(c)) {
        throw Malformed.because(Malformed.TRAILING);
      }
      pos += 2;
      skipToForm(0, false);
      readOne(0, DISCARD);
    }
  }

  // --- forms -----------------------------------------------------------------------------------

  /** The next form, after white space, comments and discarded forms; {@link #END} at the end if {@code endAllowed}. */
  private Object readForm(int depth, int mode, boolean endAllowed) {
    return skipToForm(depth, endAllowed) < 0 ? END : readOne(depth, mode);
  }

  /**
   * Skips white space, comments and {@code #_} with the forms they discard, and returns the first
   * character of the next form, not consumed: -1 at the end, if allowed. A chain {@code #_ #_ a b}
   * is counted, so that its length costs no stack.
   */
  private int skipToForm(int depth, boolean endAllowed) {
    int pending = 0;
    for (;;) {
      int c = skipWhiteSpaceAndComments();
      if (c < 0) {
        if (endAllowed && pending == 0) {
          return -1;
        }
        throw truncated();
      }
      if (isDiscard(c)) {
        pos += 2;
        pending++;
      } else if (pending > 0) {
        readOne(depth, DISCARD);
        pending--;
      } else {
        return c;
      }
    }
  }

  /** The form that starts at {@code pos}, which is not white space, a comment or {@code #_}. */
  private Object readOne(int depth, int mode) {
    char c = text.charAt(pos);
    if (Character.isDigit(c)) {
      return readNumber();
    }
    return switch (c) {
      case '"' -> {
        pos++;
        yield readString();
      }
      case '{' -> {
        pos++;
        yield readMap(enter(depth), mode, null);
      }
      case '[', '(' -> {
        pos++;
        yield readList(enter(depth), mode, c == '[' ? ']' : ')');
      }
      case ')', ']', '}' -> throw syntax();
      case '\\' -> {
        pos++;
        yield readCharacter();
      }
      case '^' -> throw Malformed.because(Malformed.METADATA);
      case '#' -> readDispatch(depth, mode);
      case '+', '-' -> {
        if (pos + 1 < length && Character.isDigit(text.charAt(pos + 1))) {
          yield readNumber();
        }
        yield readWord(mode);
      }
      default -> readWord(mode);
    };
  }

  private static int enter(int depth) {
    if (depth >= Codec.MAX_DEPTH) {
      throw Malformed.because(Malformed.TOO_DEEP);
    }
    return depth + 1;
  }

  private Object readDispatch(int depth, int mode) {
    if (pos + 1 >= length) {
      throw truncated();
    }
    char d = text.charAt(pos + 1);
    pos += 2;
    return switch (d) {
      case '#' -> readSymbolicValue(depth);
      case '{' -> readSet(enter(depth), mode);
      case ':' -> readNamespacedMap(depth, mode);
      case '^' -> throw Malformed.because(Malformed.METADATA);
      default -> {
        if (Character.isLetter(d)) {
          pos--;
          yield readTagged(depth);
        }
        throw syntax(); // #_ never gets here; #< and the rest clojure.edn refuses
      }
    };
  }

  // --- collections -----------------------------------------------------------------------------

  private List<Object> readList(int depth, int mode, char close) {
    List<Object> items = new ArrayList<>();
    int itemMode = mode == FIELD_KEY ? VALUE : mode;
    for (int c = nextInCollection(depth); c != close; c = nextInCollection(depth)) {
      items.add(readOne(depth, itemMode));
    }
    pos++;
    return Collections.unmodifiableList(items);
  }

  private Set<Object> readSet(int depth, int mode) {
    Set<Object> items = new LinkedHashSet<>();
    Set<Object> seen = new HashSet<>();
    int itemMode = mode == FIELD_KEY ? VALUE : mode;
    for (int c = nextInCollection(depth); c != '}'; c = nextInCollection(depth)) {
      Object item = readOne(depth, itemMode);
      if (!seen.add(EdnValues.equalityKey(item))) {
        throw Malformed.because(Malformed.DUPLICATE_KEY);
      }
      items.add(item);
    }
    pos++;
    return Collections.unmodifiableSet(items);
  }

  /**
   * A map; the request map if it is the value at the top. {@code namespace} is that of {@code
   * #:ns{…}}, given to the keywords without one ({@code :_/k} has none).
   */
  private Map<?, Object> readMap(int depth, int mode, String namespace) {
    boolean request = depth == 1 && mode == VALUE;
    Map<Object, Object> map = new LinkedHashMap<>();
    Set<Object> seen = request ? null : new HashSet<>();
    int itemMode = mode == FIELD_KEY ? VALUE : mode;
    Object key = END;
    for (int c = nextInCollection(depth); c != '}'; c = nextInCollection(depth)) {
      if (key != END) {
        map.put(key, readOne(depth, itemMode));
        key = END;
        continue;
      }
      key = readOne(depth, request ? FIELD_KEY : itemMode);
      if (namespace != null) {
        key = EdnValues.inNamespace(key, namespace);
      }
      if (request) {
        key = fieldName(key);
        if (map.containsKey(key)) {
          throw Malformed.because(Malformed.DUPLICATE_KEY);
        }
      } else if (!seen.add(EdnValues.equalityKey(key))) {
        throw Malformed.because(Malformed.DUPLICATE_KEY);
      }
    }
    pos++;
    if (key != END) {
      throw syntax(); // a key without a value
    }
    return Collections.unmodifiableMap(map);
  }

  private static String fieldName(Object key) {
    if (key instanceof String s) {
      return s;
    }
    if (key instanceof Keyword k) {
      return k.text();
    }
    throw Malformed.because(Malformed.BAD_KEY);
  }

  /** The first character of the next element, not consumed, after white space, comments and discarded forms. */
  private int nextInCollection(int depth) {
    for (;;) {
      int c = skipWhiteSpaceAndComments();
      if (c < 0) {
        throw truncated();
      }
      if (!isDiscard(c)) {
        return c;
      }
      pos += 2;
      skipToForm(depth, false);
      readOne(depth, DISCARD);
    }
  }

  /** {@code #:ns{…}}: a symbol without a namespace, white space only, then the map. */
  private Object readNamespacedMap(int depth, int mode) {
    String namespace = readName(depth);
    boolean namespaced = namespace.indexOf('/') >= 0 && !namespace.equals("/");
    if (isKeyword(namespace) || isLiteral(namespace) || !isSymbol(namespace) || namespaced) {
      throw syntax();
    }
    while (pos < length && isWhiteSpace(text.charAt(pos))) {
      pos++;
    }
    if (pos >= length) {
      throw truncated();
    }
    if (text.charAt(pos) != '{') {
      throw syntax();
    }
    pos++;
    return readMap(enter(depth), mode, namespace);
  }

  // --- words: nil, true, false, keywords, symbols ----------------------------------------------

  private Object readWord(int mode) {
    int start = pos;
    skipWord();
    if (text.charAt(start) == ':') {
      // a keyword without its colon, in one copy: a key of the request map is its field name
      String name = text.substring(start + 1, pos);
      if (!(isPlain(name, 0) || isSymbol(":" + name))) {
        throw syntax();
      }
      return new Keyword(name);
    }
    String word = text.substring(start, pos);
    switch (word) {
      case "nil" -> {
        return null;
      }
      case "true" -> {
        return true;
      }
      case "false" -> {
        return false;
      }
      default -> {
        // a symbol, or no word at all: below
      }
    }
    if (!isSymbol(word)) {
      throw syntax();
    }
    if (mode == DISCARD) {
      return new Symbol(word);
    }
    throw Malformed.because(mode == FIELD_KEY ? Malformed.BAD_KEY : Malformed.SYMBOL);
  }

  /** The word after {@code ##} or {@code #:}: white space, comments and discarded forms may come first. */
  private String readName(int depth) {
    int c = skipToForm(depth, false);
    if (c == '^' || (c == '#' && pos + 1 < length && text.charAt(pos + 1) == '^')) {
      throw Malformed.because(Malformed.METADATA); // clojure.edn reads a symbol with metadata here
    }
    if (Character.isDigit(c) || (c < 128 && (ASCII[c] & MACRO) != 0)
        || ((c == '+' || c == '-') && pos + 1 < length && Character.isDigit(text.charAt(pos + 1)))) {
      throw syntax(); // a number, string, collection, tag or character: not a symbol
    }
    return readWordText();
  }

  // --- ##, tags --------------------------------------------------------------------------------

  private Double readSymbolicValue(int depth) {
    return switch (readName(depth)) {
      case "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> throw syntax();
    };
  }

  /** {@code #inst} or {@code #uuid} and a string; clojure.edn knows no other tag. */
  private Object readTagged(int depth) {
    String tag = readWordText();
    boolean inst = tag.equals("inst");
    if (!inst && !tag.equals("uuid")) {
      throw Malformed.because(isSymbol(tag) && !isLiteral(tag) ? Malformed.UNKNOWN_TAG : Malformed.syntax(FORMAT));
    }
    if (skipToForm(depth, false) != '"') {
      throw syntax(); // both readers take only a string
    }
    pos++;
    String s = readString();
    if (inst) {
      Date date = EdnLiterals.instant(s);
      if (date == null) {
        throw syntax();
      }
      return date;
    }
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw Malformed.because(Malformed.syntax(FORMAT), e);
    }
  }
}
