package dev.apikeys.codecs.internal;

import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.MalformedBodyException;
import dev.apikeys.codecs.MediaType;
import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.CreatedApikey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import us.bpsm.edn.EdnSyntaxException;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.Tag;
import us.bpsm.edn.parser.CollectionBuilder;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;
import us.bpsm.edn.parser.Scanner;
import us.bpsm.edn.parser.Scanners;
import us.bpsm.edn.parser.Token;
import us.bpsm.edn.printer.Printer;
import us.bpsm.edn.printer.Printers;
import us.bpsm.edn.protocols.Protocol;

/**
 * {@code application/edn} on edn-java: keyword keys, the key as {@code #uuid "…"}.
 *
 * <p>Reading: {@code #uuid} and {@code #inst} are the only tags; any other tag, and any symbol
 * (a bare word, usually a string that lost its quotes), is malformed. edn-java's parser recurses
 * once per level of nesting and once per tag or {@code #_} discard in a row, so its own scanner
 * counts both first and refuses more than {@link Codec#MAX_DEPTH} of either, unless the text has
 * too few characters that open a collection or start a tag to get that deep.
 *
 * <p>Reading: {@code #inst} decodes to {@code java.util.Date}, as in Clojure.
 *
 * <p>Writing: the output is what Clojure's {@code pr-str} prints for the same array map, e.g.
 * {@code {:role "admin", :name "ci", :key #uuid "…", :created-by "key:…"}}, and an instant as
 * {@code pr-str} prints a {@code java.util.Date}: {@code #inst "2026-01-02T03:04:05.000-00:00"}. edn-java's own map
 * printer iterates whatever map it is given (a {@code HashMap}'s order differs between JVM runs),
 * so documents are printed by a printer function of their own, in their fixed order.
 */
public final class EdnCodec implements Codec {
  public static final EdnCodec INSTANCE = new EdnCodec();

  private static final String FORMAT = "EDN";
  private static final Parser.Config CONFIG = Parsers.newParserConfigBuilder().setMapFactory(UniqueKeyMap::new).build();

  private static final Protocol<Printer.Fn<?>> PRINTER = Printers.defaultProtocolBuilder()
      .put(Document.class, (Printer.Fn<Document>) EdnCodec::printDocument)
      .put(UUID.class, (Printer.Fn<UUID>) (uuid, p) -> p.append("#uuid ").printValue(uuid.toString()))
      .put(Instant.class, (Printer.Fn<Instant>) (instant, p) -> p.append("#inst ").printValue(Document.timestamp(instant, "-00:00")))
      .put(List.class, (Printer.Fn<List<?>>) EdnCodec::printVector)
      .build();

  private EdnCodec() {}

  @Override
  public MediaType mediaType() {
    return MediaType.APPLICATION_EDN;
  }

  @Override
  public String contentType() {
    return "application/edn; charset=utf-8";
  }

  @Override
  public Map<String, Object> decode(byte[] body) {
    String text = Bodies.text(body);
    Object value = fewOpeners(body) ? parseOnce(text) : NOT_PARSED;
    if (value == NOT_PARSED) {
      value = checkedParse(text);
    }
    return RequestFields.of(value, FORMAT);
  }

  private static final Object NOT_PARSED = new Object();

  /**
   * Whether the text has at most {@link Codec#MAX_DEPTH} characters that can open a collection or
   * start a tag or discard: then edn-java's recursion is bounded whatever the text, and the
   * tokenizing depth count of {@link #checkDepth} can be skipped. Every real request has two
   * (its braces); strings that contain such characters only send a body down the checked path.
   * Counted in the UTF-8 bytes, which is the same count: no byte of a multi-byte sequence is ASCII.
   */
  private static boolean fewOpeners(byte[] body) {
    int openers = 0;
    for (byte c : body) {
      if ((c == '{' || c == '[' || c == '(' || c == '#') && ++openers > Codec.MAX_DEPTH) {
        return false;
      }
    }
    return true;
  }

  /**
   * One pass of the parser alone: the value if the text is exactly one well-formed value, else
   * {@link #NOT_PARSED}, and the checked path runs and reports what is wrong exactly as it always
   * has. Tokenizing twice cost about as much as the parse itself (see BENCHMARKS.md).
   */
  private static Object parseOnce(String text) {
    try {
      Parser parser = Parsers.newParser(CONFIG);
      Text in = new Text(text);
      Object value = parser.nextValue(in);
      // Plain white space after the value is the end; anything else (a comment, a discard, more
      // data) is the parser's to read.
      if (value == Parser.END_OF_INPUT || !in.restIsWhitespace() && parser.nextValue(in) != Parser.END_OF_INPUT) {
        return NOT_PARSED;
      }
      return value;
    } catch (RuntimeException | AssertionError e) {
      return NOT_PARSED;
    }
  }

  /** The depth count, then the parse, each failure named. */
  private static Object checkedParse(String text) {
    Object value;
    try {
      checkDepth(text);
      Parser parser = Parsers.newParser(CONFIG);
      Parseable in = new Text(text);
      value = parser.nextValue(in);
      if (value == Parser.END_OF_INPUT) {
        throw Malformed.because(Malformed.EMPTY);
      }
      if (parser.nextValue(in) != Parser.END_OF_INPUT) {
        throw Malformed.because(Malformed.TRAILING);
      }
    } catch (MalformedBodyException e) {
      throw e;
    } catch (RuntimeException | AssertionError e) {
      // EdnSyntaxException, and what edn-java lets through: NumberFormatException, a bad #uuid's
      // IllegalArgumentException, and its internal assertions when they are enabled
      throw Malformed.because(Malformed.syntax(FORMAT), e);
    }
    return value;
  }

  /**
   * Counts what makes edn-java's parser recurse, with edn-java's own scanner, before it parses;
   * and tells a body cut short from other syntax errors.
   */
  private static void checkDepth(String text) {
    Scanner scanner = Scanners.newScanner();
    Parseable in = new Text(text);
    int depth = 0;
    int prefixes = 0;
    for (Object t = nextToken(scanner, in); t != Token.END_OF_INPUT; t = nextToken(scanner, in)) {
      if (t == Token.BEGIN_LIST || t == Token.BEGIN_VECTOR || t == Token.BEGIN_SET || t == Token.BEGIN_MAP) {
        if (++depth > Codec.MAX_DEPTH) {
          throw Malformed.because(Malformed.TOO_DEEP);
        }
      } else if (t == Token.END_LIST || t == Token.END_VECTOR || t == Token.END_MAP_OR_SET) {
        depth--;
      } else if (t instanceof Tag || t == Token.DISCARD || t == Token.DEFAULT_NAMESPACE_FOLLOWS) {
        if (++prefixes > Codec.MAX_DEPTH) {
          throw Malformed.because(Malformed.TOO_DEEP);
        }
      }
    }
    if (depth > 0) {
      throw Malformed.because(Malformed.TRUNCATED);
    }
  }

  private static Object nextToken(Scanner scanner, Parseable in) {
    try {
      return scanner.nextToken(in);
    } catch (EdnSyntaxException e) {
      // edn-java says so only in its messages, e.g. "Unexpected end of input in string literal"
      boolean cut = String.valueOf(e.getMessage()).contains("end of input");
      throw Malformed.because(cut ? Malformed.TRUNCATED : Malformed.syntax(FORMAT), e);
    }
  }

  /**
   * The text as edn-java reads it. edn-java's own {@code Parsers.newParseable(CharSequence)} finds
   * the end of its input by catching the {@code IndexOutOfBoundsException} of {@code charAt}, and
   * a decoder reads to the end twice (the depth count, then the check for trailing data): two
   * exceptions with stack traces per body made up most of the time of a decode (see
   * BENCHMARKS.md).
   */
  private static final class Text implements Parseable {
    private final String text;
    private int next;

    Text(String text) {
      this.text = text;
    }

    /** As edn-java's own: the position moves on past the end too, so that {@code unread} of the end works. */
    @Override
    public int read() {
      int i = next++;
      return i < text.length() ? text.charAt(i) : END_OF_INPUT;
    }

    @Override
    public void unread(int ch) {
      next--;
    }

    /** Whether only spaces, tabs, line ends and commas (white space in EDN) follow what was read. */
    boolean restIsWhitespace() {
      for (int i = Math.max(next, 0); i < text.length(); i++) {
        char c = text.charAt(i);
        if (c != ' ' && c != ',' && c != '\n' && c != '\r' && c != '\t') {
          return false;
        }
      }
      return true;
    }

    @Override
    public void close() {
      // nothing to release
    }
  }

  /** Keeps the keys in order and refuses one seen before, by the same rule as edn-java's own map builder. */
  private static final class UniqueKeyMap implements CollectionBuilder {
    private static final Object NO_KEY = new Object();

    private final Map<Object, Object> map = new LinkedHashMap<>();
    private Object key = NO_KEY;

    @Override
    public void add(Object o) {
      if (key == NO_KEY) {
        if (map.containsKey(o)) {
          throw Malformed.because(Malformed.DUPLICATE_KEY);
        }
        key = o;
      } else {
        map.put(key, o);
        key = NO_KEY;
      }
    }

    @Override
    public Object build() {
      if (key != NO_KEY) {
        throw new EdnSyntaxException("a map needs a value for every key");
      }
      return Collections.unmodifiableMap(map);
    }
  }

  @Override
  public byte[] encode(CreatedApikey created) {
    return print(Document.of(created));
  }

  @Override
  public byte[] encode(ApikeyPage page) {
    return print(Document.of(page));
  }

  @Override
  public byte[] encodeRevoked(String name) {
    return print(Document.revoked(name));
  }

  @Override
  public byte[] encodeError(ApikeyException error) {
    return print(Document.of(error));
  }

  private static byte[] print(Document document) {
    StringBuilder out = new StringBuilder(256);
    Printers.newPrinter(PRINTER, out).printValue(document);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void printDocument(Document document, Printer p) {
    p.append('{');
    String separator = "";
    for (Document.Field f : document.fields()) {
      p.append(separator).printValue(Keyword.newKeyword(f.name())).append(' ').printValue(f.value());
      separator = ", ";
    }
    p.append('}');
  }

  private static void printVector(List<?> items, Printer p) {
    p.append('[');
    String separator = "";
    for (Object item : items) {
      p.append(separator).printValue(item);
      separator = " ";
    }
    p.append(']');
  }
}
