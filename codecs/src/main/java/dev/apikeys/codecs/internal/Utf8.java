package dev.apikeys.codecs.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8, for the text formats: a parser never sees a replacement character or guesses an encoding. */
final class Utf8 {
  private Utf8() {}

  /**
   * Decodes, refusing malformed input: overlong forms, encoded surrogates, code points above
   * U+10FFFF, truncated sequences. A byte-order mark is kept, and each parser rejects it.
   */
  static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw Malformed.because(Malformed.NOT_UTF8, e);
    }
  }
}
