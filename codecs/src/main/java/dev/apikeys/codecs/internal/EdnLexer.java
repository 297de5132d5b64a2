package dev.apikeys.codecs.internal;

import dev.apikeys.codecs.MalformedBodyException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The characters of an EDN text as {@code clojure.edn} sees them: white space and comments, where a
 * word ends, which words are symbols or keywords, and the literals read in one token (strings,
 * characters, numbers). {@link EdnReader} reads the forms on top of it; {@link #pos} is where both
 * are, in {@link #text}.
 */
abstract class EdnLexer {
  static final String FORMAT = "EDN";

  static final byte WHITE = 1;
  static final byte MACRO = 2; // ends a number: " ; ^ ( ) [ ] { } \ #
  static final byte TERMINATING = 4; // ends a word: the macros but #
  static final byte NOT_IN_WORD = 8; // @ ` ~
  static final byte PLAIN = 16; // letters, digits and *+!-_?.$%&=<>'#| : a word of these alone needs no pattern
  static final byte[] ASCII = new byte[128];

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

  final String text;
  final int length;
  int pos;

  EdnLexer(String text) {
    this.text = text;
    this.length = text.length();
  }

  boolean isDiscard(int c) {
    return c == '#' && pos + 1 < length && text.charAt(pos + 1) == '_';
  }

  int skipWhiteSpaceAndComments() {
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

  /** A word from {@code pos}. */
  String readWordText() {
    int start = pos;
    skipWord();
    return text.substring(start, pos);
  }

  /** Past a word: to white space, a terminating macro character or the end. */
  void skipWord() {
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

  static boolean isKeyword(String word) {
    return word.charAt(0) == ':';
  }

  static boolean isLiteral(String word) {
    return word.equals("nil") || word.equals("true") || word.equals("false");
  }

  static final Pattern SYMBOL = Pattern.compile("[:]?([\\D&&[^/]].*/)?(/|[\\D&&[^/]][^/]*)");

  /** Whether clojure.edn reads the word as a symbol or keyword (its {@code matchSymbol}). */
  static boolean isSymbol(String word) {
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
  static boolean isPlain(String word, int start) {
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

  static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // --- strings and characters ------------------------------------------------------------------

  /** A string from just after its opening quote. */
  String readString() {
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

  String readEscapedString(StringBuilder out) {
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
  int escapeDigits(int base, int min, int max) {
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
  Character readCharacter() {
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

  static int tokenDigits(String token, int base) {
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
  Object readNumber() {
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
      n = EdnLiterals.number(text.substring(start, pos));
    } catch (NumberFormatException | ArithmeticException e) {
      throw Malformed.because(Malformed.syntax(FORMAT), e);
    }
    if (n == null) {
      throw syntax();
    }
    return n;
  }

  // --- characters ------------------------------------------------------------------------------

  static boolean isWhiteSpace(char c) {
    return c < 128 ? (ASCII[c] & WHITE) != 0 : Character.isWhitespace(c);
  }

  static MalformedBodyException truncated() {
    return Malformed.because(Malformed.TRUNCATED);
  }

  static MalformedBodyException syntax() {
    return Malformed.because(Malformed.syntax(FORMAT));
  }
}
