package dev.apikeys.codecs.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** What every decoder checks before its parser runs. */
final class Bodies {
  private Bodies() {}

  /** Jackson's default limit on the length of a number, applied to every format. */
  static final int MAX_DIGITS = 1000;

  /**
   * Refuses an empty body, and one with more than {@link #MAX_DIGITS} ASCII digits in a row
   * anywhere. The EDN reader and transit-java ({@code ~n}, {@code ~f}) turn digits into {@code
   * BigInteger} and {@code BigDecimal} in time quadratic in their number: 64 KiB of them cost a
   * third of a second. No valid request has such a run, even in a string, so no tokenizer is
   * needed to find the numbers.
   *
   * @return whether every byte is ASCII: such a body is valid UTF-8 as it stands
   */
  static boolean check(byte[] body) {
    if (body.length == 0) {
      throw Malformed.because(Malformed.EMPTY);
    }
    int run = 0;
    int high = 0;
    for (byte b : body) {
      high |= b;
      if (b >= '0' && b <= '9') {
        if (++run > MAX_DIGITS) {
          throw Malformed.because(Malformed.TOO_LONG);
        }
      } else {
        run = 0;
      }
    }
    return high >= 0;
  }

  /**
   * {@link #check(byte[])}, then the body as strict UTF-8 text, so that a parser never sees a
   * replacement character or guesses an encoding: overlong forms, encoded surrogates, code points
   * above U+10FFFF and cut sequences are refused. A byte-order mark is kept, and each parser
   * rejects it. ASCII, what nearly every request is, is valid UTF-8 as it stands and is copied
   * without a decoder (a new {@code CharsetDecoder} and its buffers cost more than the copy).
   */
  static String text(byte[] body) {
    if (check(body)) {
      return new String(body, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw Malformed.because(Malformed.NOT_UTF8, e);
    }
  }
}
