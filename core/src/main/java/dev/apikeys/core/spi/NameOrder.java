package dev.apikeys.core.spi;

import java.util.Comparator;

/**
 * The order of key names in listings: by Unicode code point, as {@code COLLATE "C"} sorts, whatever
 * the locale. {@link String#compareTo} compares UTF-16 units, which sorts characters above U+FFFF
 * before U+E000–U+FFFF; this does not.
 */
public final class NameOrder {
  /** The comparator. */
  public static final Comparator<String> COMPARATOR = NameOrder::compare;

  private NameOrder() {}

  /**
   * Compares two names by code point.
   *
   * @param a a name
   * @param b another
   * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
   */
  public static int compare(String a, String b) {
    int common = Math.min(a.length(), b.length());
    for (int i = 0; i < common; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        // Below U+D800 UTF-16 units sort as code points do; where both units are surrogates or
        // above, they may not, and the code points decide (every key name in a store keeps to
        // the fast case unless it has characters above U+D7FF).
        return ca < 0xd800 || cb < 0xd800 ? ca - cb : byCodePoint(a, b);
      }
    }
    return a.length() - b.length();
  }

  private static int byCodePoint(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
