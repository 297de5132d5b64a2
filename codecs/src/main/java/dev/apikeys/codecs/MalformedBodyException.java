package dev.apikeys.codecs;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ErrorCode;

/**
 * A body that does not decode in its media type: 400 {@code malformed-body}.
 *
 * <p>The only exception a {@link Codec} throws for bad bytes, whatever the parser underneath
 * reported: syntax errors, empty, truncated or trailing input, invalid UTF-8, duplicate map keys,
 * unknown EDN or transit tags, symbols, undefined transit cache references, nesting deeper than
 * {@link Codec#MAX_DEPTH}, more than 1000 digits in a row, and anything that is not a map with
 * string or keyword keys. The message
 * names the kind of problem and never echoes the body; the parser's own exception, if any, is kept
 * as the cause for the host's logs, with its type and stack trace but not its message, since
 * parsers quote the input they fail on.
 */
public final class MalformedBodyException extends ApikeyException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, for people; never a fragment of the body
   */
  public MalformedBodyException(String message) {
    super(ErrorCode.MALFORMED_BODY, message);
  }

  /**
   * Creates the exception with the parser's report as its cause.
   *
   * @param message what is wrong, for people; never a fragment of the body
   * @param cause the parser's exception, for logs only
   */
  public MalformedBodyException(String message, Throwable cause) {
    super(ErrorCode.MALFORMED_BODY, message, cause);
  }
}
