package dev.apikeys.codecs.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EDN literals that take more than a scan to read: numbers by {@code clojure.edn}'s patterns,
 * and the timestamp of {@code #inst} by {@code clojure.instant}'s.
 */
final class EdnLiterals {
  private EdnLiterals() {}

  static final Pattern TIMESTAMP = Pattern.compile("(\\d\\d\\d\\d)(?:-(\\d\\d)(?:-(\\d\\d)"
      + "(?:[T](\\d\\d)(?::(\\d\\d)(?::(\\d\\d)(?:[.](\\d+))?)?)?)?)?)?(?:[Z]|([-+])(\\d\\d):(\\d\\d))?");
  static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  static final Map<Integer, TimeZone> ZONES = new ConcurrentHashMap<>();

  /** {@code clojure.instant/read-instant-date}: its pattern, its checks, its calendar; null if it refuses. */
  static Date instant(String s) {
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

  static int intOr(String digits, int absent) {
    return digits == null ? absent : Integer.parseInt(digits);
  }

  static final Pattern INT = Pattern.compile(
      "([-+]?)(?:(0)|([1-9][0-9]*)|0[xX]([0-9A-Fa-f]+)|0([0-7]+)|([1-9][0-9]?)[rR]([0-9A-Za-z]+)|0[0-9]+)(N)?");
  static final Pattern RATIO = Pattern.compile("([-+]?[0-9]+)/([0-9]+)");
  static final Pattern FLOAT = Pattern.compile("([-+]?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?)(M)?");

  /**
   * clojure.edn's {@code matchNumber}: a {@code Long}, or a {@code BigInteger} when it does not fit
   * or ends in {@code N}; a {@code Double}, or a {@code BigDecimal} for {@code M}; a {@link EdnValues.Ratio}
   * in lowest terms, or an integer when it divides. Null if none of its patterns match. A
   * hexadecimal or radix number of more than {@link Bodies#MAX_DIGITS} digits is refused: {@code
   * BigInteger} parses it in time quadratic in its length.
   */
  static Object number(String s) {
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
      return d.equals(BigInteger.ONE) ? integer(n) : new EdnValues.Ratio(n, d);
    }
    return null;
  }

  /** {@code [-+]?(0|[1-9][0-9]*)}: what {@code Long.parseLong} reads as clojure.edn does, at up to 18 characters. */
  static boolean isPlainInteger(String s) {
    int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    int n = s.length();
    if (start == n || (s.charAt(start) == '0' && n - start > 1)) {
      return false;
    }
    for (int i = start; i < n; i++) {
      if (!EdnLexer.isAsciiDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static Object integer(BigInteger n) {
    return n.bitLength() < 64 ? (Object) n.longValue() : n;
  }
}
