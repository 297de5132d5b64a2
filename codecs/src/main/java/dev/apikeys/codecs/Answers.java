package dev.apikeys.codecs;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ErrorCode;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a refusal or a failure is answered, for {@link ApikeyEndpoint} and {@link ApikeyGuard} alike,
 * so that both give the same status, headers and bytes for the same error.
 */
final class Answers {
  /** For when even an error cannot be encoded: a constant, so that it cannot fail. */
  private static final EndpointResponse LAST_RESORT =
      new EndpointResponse(500, Codec.json().contentType(), Codec.json().encodeError(internal()));

  private final Consumer<? super Throwable> errorListener;

  Answers(Consumer<? super Throwable> errorListener) {
    this.errorListener = errorListener;
  }

  /**
   * The answer to what a request's handling threw: an {@link ApikeyException} with its status and
   * code, except that a 500 says nothing of itself; anything else as 500 {@code internal}. The error
   * listener sees every 500 and 503.
   */
  EndpointResponse failure(Codec codec, RuntimeException thrown) {
    ApikeyException e;
    if (thrown instanceof ApikeyException refusal) {
      if (refusal.status() >= 500) {
        report(refusal);
      }
      e = refusal.status() == 500 ? internal() : refusal;
    } else {
      report(thrown);
      e = internal();
    }
    try {
      Optional<String> allow = e instanceof MethodNotAllowedException refused ? Optional.of(refused.allow()) : Optional.empty();
      return new EndpointResponse(e.status(), codec.contentType(), codec.encodeError(e), allow);
    } catch (RuntimeException failure) {
      report(failure);
      return LAST_RESORT;
    }
  }

  /** What a client is told of a failure of ours: nothing of it. */
  private static ApikeyException internal() {
    return new ApikeyException(ErrorCode.INTERNAL, "an unexpected error occurred");
  }

  private void report(Throwable t) {
    try {
      errorListener.accept(t);
    } catch (RuntimeException ignored) {
      // a failing log must not change the answer
    }
  }
}
