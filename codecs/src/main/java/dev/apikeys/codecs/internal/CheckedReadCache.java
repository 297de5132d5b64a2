package dev.apikeys.codecs.internal;

import com.cognitect.transit.impl.AbstractParser;
import com.cognitect.transit.impl.ReadCache;
import com.cognitect.transit.impl.WriteCache;

/**
 * transit-java's read cache, refusing references to entries never defined. The plain cache
 * answers {@code null} for them, so {@code ["^ ","^0","x"]} would read as {@code {nil "x"}}, and
 * a reference with a malformed code fails with an index error or, worse, reads a stale entry.
 */
final class CheckedReadCache extends ReadCache {
  private static final int DIGITS = WriteCache.CACHE_CODE_DIGITS;
  private static final int BASE = WriteCache.BASE_CHAR_IDX;

  /** How many entries hold a value: the cache wraps at its capacity but never clears an entry. */
  private int defined;

  @Override
  public Object cacheRead(String s, boolean asMapKey, AbstractParser p) {
    if (!s.isEmpty() && s.charAt(0) == '^' && !"^ ".equals(s)) {
      int index = index(s);
      if (index < 0 || index >= defined) {
        throw Malformed.because(Malformed.UNDEFINED_CACHE_REFERENCE);
      }
    } else if (WriteCache.isCacheable(s, asMapKey)) {
      defined = Math.min(defined + 1, WriteCache.MAX_CACHE_ENTRIES);
    }
    return super.cacheRead(s, asMapKey, p);
  }

  /** The entry a cache code such as {@code ^0} or {@code ^1A} names, or -1 if it is no code. */
  static int index(String code) {
    if (code.length() == 2) {
      return digit(code.charAt(1));
    }
    if (code.length() == 3) {
      int hi = digit(code.charAt(1));
      int lo = digit(code.charAt(2));
      return hi < 0 || lo < 0 ? -1 : hi * DIGITS + lo;
    }
    return -1;
  }

  private static int digit(char c) {
    int d = c - BASE;
    return d >= 0 && d < DIGITS ? d : -1;
  }
}
