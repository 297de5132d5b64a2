package dev.apikeys.codecs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.ApikeyException;
import dev.apikeys.core.ApikeyInfo;
import dev.apikeys.core.ApikeyPage;
import dev.apikeys.core.CreatedApikey;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.InvalidRequestException;
import dev.apikeys.core.Violation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The transit codecs share one handler map between threads, which is safe only while it is never
 * written to: transit-java adds a class to it when it finds that class's handler by a base class or
 * an interface. The codec looks up every class it writes before sharing the map.
 */
class TransitWriteHandlersTest {
  @Test
  void encodingEveryDocumentAddsNothingToTheSharedHandlerMap() {
    Instant at = Instant.parse("2026-01-02T03:04:05Z");
    ApikeyInfo info = new ApikeyInfo("ci", "operator", "key:0011223344556677", "89ab", "bootstrap", at, at.plusSeconds(60), at);
    for (TransitCodec codec : List.of(TransitCodec.JSON, TransitCodec.MSGPACK)) {
      codec.encode(new CreatedApikey("operator", "ci", UUID.randomUUID(), "key:0011223344556677"));
      codec.encode(new ApikeyPage(List.of(info, info), "ci"));
      codec.encode(new ApikeyPage(List.of(), null));
      codec.encodeRevoked("ci");
      codec.encodeError(new ApikeyException(ErrorCode.INTERNAL, "internal"));
      codec.encodeError(new InvalidRequestException(List.of(new Violation("name", Violation.EMPTY, "name must not be empty"))));
    }
    assertThat(TransitCodec.writeHandlersUnchanged()).isTrue();
  }
}
