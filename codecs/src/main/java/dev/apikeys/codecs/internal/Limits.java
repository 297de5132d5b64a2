package dev.apikeys.codecs.internal;

/** Limits every decoder applies before its parser runs. */
final class Limits {
  private Limits() {}

  /** Jackson's default limit on the length of a number, applied to every format. */
  static final int MAX_DIGITS = 1000;

  /**
   * Refuses a body with more than {@link #MAX_DIGITS} ASCII digits in a row, anywhere. edn-java
   * and transit-java ({@code ~n}, {@code ~f}) turn digits into {@code BigInteger} and {@code
   * BigDecimal} in time quadratic in their number: 64 KiB of them cost a third of a second. No
   * valid request has such a run, even in a string, so no tokenizer is needed to find the numbers.
   */
  static void checkDigitRuns(byte[] body) {
    int run = 0;
    for (byte b : body) {
      if (b >= '0' && b <= '9') {
        if (++run > MAX_DIGITS) {
          throw Malformed.because(Malformed.TOO_LONG);
        }
      } else {
        run = 0;
      }
    }
  }
}
