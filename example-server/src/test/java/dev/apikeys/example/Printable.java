package dev.apikeys.example;

/** A hostile value as a person can read it in a failure message: escapes, and long values cut. */
final class Printable {
  private Printable() {}

  static String of(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 120; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return s.length() > 120 ? sb + "… (" + s.length() + " chars)" : sb.toString();
  }
}
