package dev.apikeys.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.CreatedApikey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference bytes in {@code src/test/resources/fixtures}, written by the Clojure reference
 * writers (see the README there). Each build checks that those writers still write exactly these
 * bytes, that this module decodes every request fixture (with and without an expiry), and that it
 * encodes the response fixtures (a created key, a page of a listing, a revoke) byte for byte.
 *
 * <p>{@link WriteReferenceFixtures} writes them again.
 */
class ReferenceFixturesTest {
  static final UUID KEY = UUID.fromString("3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab");
  static final CreatedApikey RESPONSE = new CreatedApikey("operator", "ci", KEY, "key:0011223344556677");

  /** What a fixture holds: the Clojure value it is written from, and what the codecs must do with it. */
  enum Kind {
    /** {@code {:name "ci" :role "operator"}}: decodes to those two fields. */
    REQUEST,
    /** The same with {@code :expires-at}: decodes to a date, or in JSON the string. */
    EXPIRING_REQUEST,
    /** The created key: the codecs write these bytes. */
    RESPONSE,
    /** {@link CodecTest#PAGE}: the codecs write these bytes. */
    LIST_RESPONSE,
    /** The answer to a revoke of {@code ci}: the codecs write these bytes. */
    REVOKE_RESPONSE
  }

  /** One fixture: its file, its format, whether it is transit's verbose JSON, and what it holds. */
  record Fixture(String file, Format format, boolean verbose, Kind kind) {
    Fixture(String file, Format format, boolean verbose) {
      this(file, format, verbose, file.startsWith("request") ? Kind.REQUEST : Kind.RESPONSE);
    }

    byte[] written() {
      Object value = switch (kind) {
        case REQUEST -> ClojureReference.request();
        case EXPIRING_REQUEST -> ClojureReference.expiringRequest(format);
        case RESPONSE -> ClojureReference.response(KEY);
        case LIST_RESPONSE -> ClojureReference.listResponse(format);
        case REVOKE_RESPONSE -> ClojureReference.revokeResponse();
      };
      return ClojureReference.write(format, value, verbose);
    }

    byte[] checkedIn() {
      try (InputStream in = ReferenceFixturesTest.class.getResourceAsStream("/fixtures/" + file)) {
        assertThat(in).as("fixture " + file).isNotNull();
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return file;
    }
  }

  static List<Fixture> fixtures() {
    List<Fixture> fixtures = new ArrayList<>(List.of(
        new Fixture("request.json", Format.JSON, false),
        new Fixture("request.transit.json", Format.TRANSIT_JSON, false),
        new Fixture("request.transit-verbose.json", Format.TRANSIT_JSON, true),
        new Fixture("request.transit.msgpack", Format.TRANSIT_MSGPACK, false),
        new Fixture("request.edn", Format.EDN, false),
        new Fixture("response.json", Format.JSON, false),
        new Fixture("response.transit.json", Format.TRANSIT_JSON, false),
        new Fixture("response.transit.msgpack", Format.TRANSIT_MSGPACK, false),
        new Fixture("response.edn", Format.EDN, false),
        new Fixture("request-expiring.transit-verbose.json", Format.TRANSIT_JSON, true, Kind.EXPIRING_REQUEST)));
    Map<Kind, String> prefixes = Map.of(Kind.EXPIRING_REQUEST, "request-expiring", Kind.LIST_RESPONSE, "list-response",
        Kind.REVOKE_RESPONSE, "revoke-response");
    for (Kind kind : List.of(Kind.EXPIRING_REQUEST, Kind.LIST_RESPONSE, Kind.REVOKE_RESPONSE)) {
      for (Format format : Format.values()) {
        fixtures.add(new Fixture(prefixes.get(kind) + SUFFIXES.get(format), format, false, kind));
      }
    }
    return fixtures;
  }

  private static final Map<Format, String> SUFFIXES = Map.of(
      Format.JSON, ".json", Format.TRANSIT_JSON, ".transit.json", Format.TRANSIT_MSGPACK, ".transit.msgpack", Format.EDN, ".edn");

  @ParameterizedTest
  @MethodSource("fixtures")
  void theFixtureIsWhatTheClojureReferenceWriterWrites(Fixture fixture) {
    assertThat(fixture.checkedIn()).isEqualTo(fixture.written());
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void decodesEveryRequestFixtureAndEncodesEveryResponseFixtureByteForByte(Fixture fixture) {
    Codec codec = fixture.format().codec;
    switch (fixture.kind()) {
      case REQUEST -> assertThat(codec.decode(fixture.checkedIn())).isEqualTo(Map.of("name", "ci", "role", "operator"));
      case EXPIRING_REQUEST -> assertThat(codec.decode(fixture.checkedIn())).isEqualTo(Map.of("name", "ci", "role", "operator",
          "expires-at", fixture.format().instant(Instant.parse("2027-01-01T00:00:00Z"))));
      case RESPONSE -> assertThat(codec.encode(RESPONSE)).isEqualTo(fixture.checkedIn());
      case LIST_RESPONSE -> assertThat(fixture.format().show(codec.encode(CodecTest.PAGE))).isEqualTo(fixture.format().show(fixture.checkedIn()));
      case REVOKE_RESPONSE -> assertThat(codec.encodeRevoked("ci")).isEqualTo(fixture.checkedIn());
    }
  }
}
