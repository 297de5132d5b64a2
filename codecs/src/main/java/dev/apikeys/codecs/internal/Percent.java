package dev.apikeys.codecs.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of a path segment or a query component (RFC 3986) into strict UTF-8 text.
 *
 * <p>A {@code %} must be followed by two hex digits, and the bytes must be well-formed UTF-8:
 * overlong forms, encoded surrogates and cut sequences are refused. A character other than ASCII,
 * which some hosts pass through undecoded, stands for its own UTF-8 bytes; an unpaired surrogate
 * cannot, and is refused.
 */
public final class Percent {
  private Percent() {}

  /**
   * The decoded text, or {@code null} if the input is not percent-encoded UTF-8.
   *
   * @param raw the encoded text
   * @param plusIsSpace whether {@code +} stands for a space, as in a query that HTML forms or
   *     {@code URLSearchParams} wrote; in a path it stands for itself
   * @return the text, or {@code null}
   */
  public static String decode(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
      return isWellFormed(raw) ? raw : null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
        int low = high < 0 ? -1 : hex(raw.charAt(i + 2));
        if (low < 0) {
          return null;
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1)) ? i + 2 : i + 1;
        if (end == i + 1 && Character.isSurrogate(c)) {
          return null;
        }
        bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** An ASCII hex digit's value, or -1; {@code Character.digit} would also take other scripts' digits. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
