package dev.apikeys.codecs.internal;

import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.MalformedBodyException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
final class EdnReader {
  private static final String FORMAT = "EDN";

  /** What a value is read for: kept, discarded ({@code #_}, where symbols are allowed), or a key of the request map. */
  private static final int VALUE = 0;
  private static final int DISCARD = 1;
  private static final int FIELD_KEY = 2;

  private static final Object END = new Object();

  private static final byte WHITE = 1;
  private static final byte MACRO = 2; // ends a number: " ; ^ ( ) [ ] { } \ #
  private static final byte TERMINATING = 4; // ends a word: the macros but #
  private static final byte NOT_IN_WORD = 8; // @ ` ~
  private static final byte PLAIN = 16; // letters, digits and *+!-_?.$%&=<>'#| : a word of these alone needs no pattern
  private static final byte[] ASCII = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      if (Character.isWhitespace(c) || c == ',') {
        ASCII[c] |= WHITE;
      }
      if (Character.isLetterOrDigit(c) || "*+!-_?.$%&=<>'#|".indexOf(c) >= 0) {
        ASCII[c] |= PLAIN;
      }
    }
    for (char c : "\";^()[]{}\\#".toCharArray()) {
      ASCII[c] |= MACRO;
      if (c != '#') {
        ASCII[c] |= TERMINATING;
      }
    }
    for (char c : "@`~".toCharArray()) {
      ASCII[c] |= NOT_IN_WORD;
    }
  }

  private final String text;
  private final int length;
  private int pos;

  private EdnReader(String text) {
    this.text = text;
    this.length = text.length();
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

  private boolean isDiscard(int c) {
    return c == '#' && pos + 1 < length && text.charAt(pos + 1) == '_';
  }

  private int skipWhiteSpaceAndComments() {
    while (pos < length) {
      char c = text.charAt(pos);
      if (isWhiteSpace(c)) {
        pos++;
      } else if (c == ';') {
        while (pos < length && (c = text.charAt(pos)) != '\n' && c != '\r') {
          pos++;
        }
      } else {
        return c;
      }
    }
    return -1;
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
      if (!seen.add(equalityKey(item))) {
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
        key = inNamespace(key, namespace);
      }
      if (request) {
        key = fieldName(key);
        if (map.containsKey(key)) {
          throw Malformed.because(Malformed.DUPLICATE_KEY);
        }
      } else if (!seen.add(equalityKey(key))) {
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

  private static Object inNamespace(Object key, String namespace) {
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
  private static Object equalityKey(Object v) {
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

  /** A word from {@code pos}. */
  private String readWordText() {
    int start = pos;
    skipWord();
    return text.substring(start, pos);
  }

  /** Past a word: to white space, a terminating macro character or the end. */
  private void skipWord() {
    char first = text.charAt(pos);
    if (first < 128 && (ASCII[first] & NOT_IN_WORD) != 0) {
      throw syntax();
    }
    pos++;
    while (pos < length) {
      char c = text.charAt(pos);
      if (c < 128) {
        byte k = ASCII[c];
        if ((k & (WHITE | TERMINATING)) != 0) {
          return;
        }
        if ((k & NOT_IN_WORD) != 0) {
          throw syntax();
        }
      } else if (Character.isWhitespace(c)) {
        return;
      }
      pos++;
    }
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

  private static boolean isKeyword(String word) {
    return word.charAt(0) == ':';
  }

  private static boolean isLiteral(String word) {
    return word.equals("nil") || word.equals("true") || word.equals("false");
  }

  private static final Pattern SYMBOL = Pattern.compile("[:]?([\\D&&[^/]].*/)?(/|[\\D&&[^/]][^/]*)");

  /** Whether clojure.edn reads the word as a symbol or keyword (its {@code matchSymbol}). */
  private static boolean isSymbol(String word) {
    if (isPlain(word, isKeyword(word) ? 1 : 0)) {
      return true;
    }
    Matcher m = SYMBOL.matcher(word);
    if (!m.matches()) {
      return false;
    }
    String ns = m.group(1);
    String name = m.group(2);
    return !((ns != null && ns.endsWith(":/")) || name.endsWith(":") || word.indexOf("::", 1) >= 0 || word.startsWith("::"));
  }

  /**
   * The common case without the pattern: from {@code start} on, characters of {@link #PLAIN} only,
   * not starting with a digit, and at most one slash, with something before it and a non-digit
   * after it.
   */
  private static boolean isPlain(String word, int start) {
    int n = word.length();
    if (start == n || isAsciiDigit(word.charAt(start))) {
      return false;
    }
    boolean slash = false;
    for (int i = start; i < n; i++) {
      char c = word.charAt(i);
      if (c == '/') {
        if (slash || i == start || i == n - 1 || isAsciiDigit(word.charAt(i + 1))) {
          return false;
        }
        slash = true;
      } else if (c >= 128 || (ASCII[c] & PLAIN) == 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
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
      Date date = instant(s);
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

  private static final Pattern TIMESTAMP = Pattern.compile("(\\d\\d\\d\\d)(?:-(\\d\\d)(?:-(\\d\\d)"
      + "(?:[T](\\d\\d)(?::(\\d\\d)(?::(\\d\\d)(?:[.](\\d+))?)?)?)?)?)?(?:[Z]|([-+])(\\d\\d):(\\d\\d))?");
  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  private static final Map<Integer, TimeZone> ZONES = new ConcurrentHashMap<>();

  /** {@code clojure.instant/read-instant-date}: its pattern, its checks, its calendar; null if it refuses. */
  private static Date instant(String s) {
    Matcher m = TIMESTAMP.matcher(s);
    if (!m.matches()) {
      return null;
    }
    int years = Integer.parseInt(m.group(1));
    int months = intOr(m.group(2), 1);
    int days = intOr(m.group(3), 1);
    int hours = intOr(m.group(4), 0);
    int minutes = intOr(m.group(5), 0);
    int seconds = intOr(m.group(6), 0);
    String fraction = m.group(7);
    int nanos = fraction == null ? 0 : Integer.parseInt(fraction.length() >= 9 ? fraction.substring(0, 9)
        : fraction + "000000000".substring(fraction.length()));
    int sign = "-".equals(m.group(8)) ? -1 : 1;
    int offsetHours = intOr(m.group(9), 0);
    int offsetMinutes = intOr(m.group(10), 0);
    boolean leap = years % 4 == 0 && (years % 100 != 0 || years % 400 == 0);
    if (months < 1 || months > 12 || days < 1 || days > DAYS_IN_MONTH[months - 1] + (leap && months == 2 ? 1 : 0)
        || hours > 23 || minutes > 59 || seconds > (minutes == 59 ? 60 : 59) || offsetHours > 23 || offsetMinutes > 59) {
      return null;
    }
    GregorianCalendar calendar = new GregorianCalendar(years, months - 1, days, hours, minutes, seconds);
    calendar.set(Calendar.MILLISECOND, nanos / 1_000_000);
    int offset = sign * (offsetHours * 60 + offsetMinutes);
    calendar.setTimeZone(ZONES.computeIfAbsent(offset,
        o -> TimeZone.getTimeZone(String.format("GMT%s%02d:%02d", o < 0 ? "-" : "+", Math.abs(o) / 60, Math.abs(o) % 60))));
    return calendar.getTime();
  }

  private static int intOr(String digits, int absent) {
    return digits == null ? absent : Integer.parseInt(digits);
  }

  // --- strings and characters ------------------------------------------------------------------

  /** A string from just after its opening quote. */
  private String readString() {
    int start = pos;
    for (int i = pos; i < length; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        pos = i + 1;
        return text.substring(start, i);
      }
      if (c == '\\') {
        pos = i;
        return readEscapedString(new StringBuilder(i - start + 16).append(text, start, i));
      }
    }
    throw truncated();
  }

  private String readEscapedString(StringBuilder out) {
    while (pos < length) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= length) {
        throw truncated();
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'n' -> out.append('\n');
        case '\\', '"' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> out.append((char) escapeDigits(16, 4, 4));
        default -> {
          if (!Character.isDigit(e)) {
            throw syntax(); // \' among them: edn-java reads it, clojure.edn does not
          }
          pos--;
          int octal = escapeDigits(8, 1, 3);
          if (octal > 0377) {
            throw syntax();
          }
          out.append((char) octal);
        }
      }
    }
    throw truncated();
  }

  /**
   * The digits of a unicode or octal escape, as clojure.edn reads them: up to {@code max}
   * characters, each a digit of the base by {@link Character#digit}, ending early only at the end,
   * white space or a macro character, and then refused if fewer than {@code min}.
   */
  private int escapeDigits(int base, int min, int max) {
    int value = 0;
    int n = 0;
    while (n < max && pos < length) {
      char c = text.charAt(pos);
      if (n > 0 && (isWhiteSpace(c) || (c < 128 && (ASCII[c] & MACRO) != 0))) {
        break;
      }
      int d = Character.digit(c, base);
      if (d < 0) {
        throw syntax();
      }
      value = value * base + d;
      pos++;
      n++;
    }
    if (n < min) {
      throw pos >= length ? truncated() : syntax();
    }
    return value;
  }

  /** A character literal from just after its backslash: one character of any kind, then to the end of the word. */
  private Character readCharacter() {
    if (pos >= length) {
      throw truncated();
    }
    int start = pos++;
    while (pos < length) {
      char c = text.charAt(pos);
      if (isWhiteSpace(c) || (c < 128 && (ASCII[c] & TERMINATING) != 0)) {
        break;
      }
      if (c < 128 && (ASCII[c] & NOT_IN_WORD) != 0) {
        throw syntax();
      }
      pos++;
    }
    if (pos - start == 1) {
      return text.charAt(start);
    }
    String token = text.substring(start, pos);
    char named = switch (token) {
      case "newline" -> '\n';
      case "space" -> ' ';
      case "tab" -> '\t';
      case "backspace" -> '\b';
      case "formfeed" -> '\f';
      case "return" -> '\r';
      default -> 0; // not a name: U+0000 has none
    };
    if (named != 0) {
      return named;
    }
    if (token.charAt(0) == 'u' && token.length() == 5) {
      int c = tokenDigits(token, 16);
      if (c < 0 || (c >= 0xD800 && c <= 0xDFFF)) {
        throw syntax();
      }
      return (char) c;
    }
    if (token.charAt(0) == 'o' && token.length() <= 4) {
      int c = tokenDigits(token, 8);
      if (c < 0 || c > 0377) {
        throw syntax();
      }
      return (char) c;
    }
    throw syntax();
  }

  private static int tokenDigits(String token, int base) {
    int value = 0;
    for (int i = 1; i < token.length(); i++) {
      int d = Character.digit(token.charAt(i), base);
      if (d < 0) {
        return -1;
      }
      value = value * base + d;
    }
    return value;
  }

  // --- numbers ---------------------------------------------------------------------------------

  /** A number from {@code pos}: to white space, a macro character or the end, then clojure.edn's patterns. */
  private Object readNumber() {
    int start = pos++;
    while (pos < length) {
      char c = text.charAt(pos);
      if (isWhiteSpace(c) || (c < 128 && (ASCII[c] & MACRO) != 0)) {
        break;
      }
      pos++;
    }
    Object n;
    try {
      n = number(text.substring(start, pos));
    } catch (NumberFormatException | ArithmeticException e) {
      throw Malformed.because(Malformed.syntax(FORMAT), e);
    }
    if (n == null) {
      throw syntax();
    }
    return n;
  }

  private static final Pattern INT = Pattern.compile(
      "([-+]?)(?:(0)|([1-9][0-9]*)|0[xX]([0-9A-Fa-f]+)|0([0-7]+)|([1-9][0-9]?)[rR]([0-9A-Za-z]+)|0[0-9]+)(N)?");
  private static final Pattern RATIO = Pattern.compile("([-+]?[0-9]+)/([0-9]+)");
  private static final Pattern FLOAT = Pattern.compile("([-+]?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?)(M)?");

  /**
   * clojure.edn's {@code matchNumber}: a {@code Long}, or a {@code BigInteger} when it does not fit
   * or ends in {@code N}; a {@code Double}, or a {@code BigDecimal} for {@code M}; a {@link Ratio}
   * in lowest terms, or an integer when it divides. Null if none of its patterns match. A
   * hexadecimal or radix number of more than {@link Bodies#MAX_DIGITS} digits is refused: {@code
   * BigInteger} parses it in time quadratic in its length.
   */
  private static Object number(String s) {
    if (s.length() <= 18 && isPlainInteger(s)) {
      return Long.parseLong(s);
    }
    Matcher m = INT.matcher(s);
    if (m.matches()) {
      if (m.group(2) != null) {
        return m.group(8) != null ? BigInteger.ZERO : (Object) 0L;
      }
      String digits;
      int radix = 10;
      if ((digits = m.group(3)) == null) {
        if ((digits = m.group(4)) != null) {
          radix = 16;
        } else if ((digits = m.group(5)) != null) {
          radix = 8;
        } else if ((digits = m.group(7)) != null) {
          radix = Integer.parseInt(m.group(6));
        } else {
          return null; // 08: a leading zero and a digit that is not octal
        }
      }
      if (digits.length() > Bodies.MAX_DIGITS) {
        // letters are digits here, which the count of digits in a row before parsing does not see
        throw Malformed.because(Malformed.TOO_LONG);
      }
      BigInteger n = new BigInteger(digits, radix);
      if (m.group(1).equals("-")) {
        n = n.negate();
      }
      return m.group(8) != null ? n : integer(n);
    }
    m = FLOAT.matcher(s);
    if (m.matches()) {
      return m.group(4) != null ? new BigDecimal(m.group(1)) : (Object) Double.parseDouble(s);
    }
    m = RATIO.matcher(s);
    if (m.matches()) {
      String numerator = m.group(1);
      BigInteger n = new BigInteger(numerator.startsWith("+") ? numerator.substring(1) : numerator);
      BigInteger d = new BigInteger(m.group(2));
      if (d.signum() == 0) {
        throw new ArithmeticException("Divide by zero");
      }
      BigInteger gcd = n.gcd(d);
      n = n.divide(gcd);
      d = d.divide(gcd);
      return d.equals(BigInteger.ONE) ? integer(n) : new Ratio(n, d);
    }
    return null;
  }

  /** {@code [-+]?(0|[1-9][0-9]*)}: what {@code Long.parseLong} reads as clojure.edn does, at up to 18 characters. */
  private static boolean isPlainInteger(String s) {
    int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    int n = s.length();
    if (start == n || (s.charAt(start) == '0' && n - start > 1)) {
      return false;
    }
    for (int i = start; i < n; i++) {
      if (!isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static Object integer(BigInteger n) {
    return n.bitLength() < 64 ? (Object) n.longValue() : n;
  }

  // --- characters ------------------------------------------------------------------------------

  private static boolean isWhiteSpace(char c) {
    return c < 128 ? (ASCII[c] & WHITE) != 0 : Character.isWhitespace(c);
  }

  private static MalformedBodyException truncated() {
    return Malformed.because(Malformed.TRUNCATED);
  }

  private static MalformedBodyException syntax() {
    return Malformed.because(Malformed.syntax(FORMAT));
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
  private record Symbol(String text) {
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
