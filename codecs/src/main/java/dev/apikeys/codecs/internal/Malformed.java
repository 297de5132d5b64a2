package dev.apikeys.codecs.internal;

import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.MalformedBodyException;

/** The messages of {@link MalformedBodyException}, one per kind of problem; none echoes the body. */
public final class Malformed {
  private Malformed() {}

  public static final String EMPTY = "the body is empty";
  public static final String NOT_UTF8 = "the body is not valid UTF-8";
  public static final String TRUNCATED = "the body ends in the middle of a value";
  public static final String TRAILING = "the body has data after its value";
  public static final String DUPLICATE_KEY = "the body has the same key twice";
  public static final String TOO_DEEP = "the body is nested more than " + Codec.MAX_DEPTH + " levels deep";
  public static final String TOO_LONG = "the body has a number or string longer than this API reads";
  public static final String NOT_A_MAP = "the body is not a map";
  public static final String BAD_KEY = "the body has a map key that is neither a string nor a keyword";
  public static final String SYMBOL = "the body has a symbol where a string belongs";
  public static final String UNKNOWN_TAG = "the body has a tag this API does not read";
  public static final String METADATA = "the body has metadata (^), which EDN does not define and this API does not read";
  public static final String UNDEFINED_CACHE_REFERENCE = "the body refers to a transit cache entry it never defined";

  /** A syntax error of the format, e.g. {@code "the body is not valid EDN"}. */
  public static String syntax(String format) {
    return "the body is not valid " + format;
  }

  static MalformedBodyException because(String message) {
    return new MalformedBodyException(message);
  }

  static MalformedBodyException because(String message, Throwable cause) {
    return new MalformedBodyException(message, ParserReport.of(cause, 0));
  }

  /**
   * A parser's exception without its message, which quotes the input it choked on (Jackson's
   * "Unrecognized token '…'", the JDK's "Invalid UUID string: …"): the body may hold a secret,
   * such as a key pasted where it does not belong, and the cause goes to the host's logs. Its type
   * and stack trace stay, and so does the chain of causes, each cut the same way.
   */
  static final class ParserReport extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_CHAIN = 8;

    private ParserReport(Throwable original, Throwable cause) {
      super(original.getClass().getName() + " (its message is left out: it may quote the body)", cause, false, true);
      setStackTrace(original.getStackTrace());
    }

    static Throwable of(Throwable t, int depth) {
      if (t == null || depth == MAX_CHAIN) {
        return null;
      }
      return new ParserReport(t, t.getCause() == t ? null : of(t.getCause(), depth + 1));
    }
  }
}
