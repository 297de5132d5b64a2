package dev.apikeys.testsupport;

/** A hostile value as a person can read it in a failure message: escapes, and long values cut. */
public final class Printable {
  private static final int MOST = 120;

  private Printable() {}

  /** The value with everything but printable ASCII escaped as a backslash, u and four hex digits, cut after 120 characters. */
  public static String of(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < MOST; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return s.length() > MOST ? sb + "… (" + s.length() + " chars)" : sb.toString();
  }
}
