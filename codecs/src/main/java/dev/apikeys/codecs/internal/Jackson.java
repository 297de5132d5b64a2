package dev.apikeys.codecs.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.apikeys.codecs.Codec;
import dev.apikeys.codecs.MalformedBodyException;
import java.io.IOException;

/** The one Jackson configuration both JSON-based formats read with, and how its errors are reported. */
final class Jackson {
  private Jackson() {}

  /**
   * Strict reading: duplicate object keys and nesting deeper than {@link Codec#MAX_DEPTH} are
   * errors; numbers are limited to {@link Bodies#MAX_DIGITS}. Parsers are made from a
   * {@code String} that was decoded as strict UTF-8, so Jackson never guesses an encoding.
   */
  static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(Codec.MAX_DEPTH)
          .maxNumberLength(Bodies.MAX_DIGITS)
          .build())
      .build();

  /**
   * Names the problem Jackson found. Jackson reports duplicate keys and trailing tokens only in
   * its messages; the tests pin these for the Jackson version in use.
   */
  static MalformedBodyException malformed(IOException e, String format) {
    String message = String.valueOf(e.getMessage());
    if (e instanceof StreamConstraintsException) {
      return Malformed.because(message.contains("nesting depth") ? Malformed.TOO_DEEP : Malformed.TOO_LONG, e);
    }
    if (e instanceof JsonEOFException) {
      return Malformed.because(Malformed.TRUNCATED, e);
    }
    if (message.startsWith("Duplicate field")) {
      return Malformed.because(Malformed.DUPLICATE_KEY, e);
    }
    if (message.startsWith("Trailing token")) {
      return Malformed.because(Malformed.TRAILING, e);
    }
    return Malformed.because(Malformed.syntax(format), e);
  }
}
