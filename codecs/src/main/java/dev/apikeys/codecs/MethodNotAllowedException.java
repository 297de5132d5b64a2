package dev.apikeys.codecs;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ErrorCode;

/** A method the path does not allow: 405, and the methods it does allow for the Allow header. */
final class MethodNotAllowedException extends ApikeyException {
  private static final long serialVersionUID = 1L;

  private final String allow;

  MethodNotAllowedException(String message, String allow) {
    super(ErrorCode.METHOD_NOT_ALLOWED, message);
    this.allow = allow;
  }

  /** The Allow header's value, e.g. {@code GET, HEAD, POST}. */
  String allow() {
    return allow;
  }
}
