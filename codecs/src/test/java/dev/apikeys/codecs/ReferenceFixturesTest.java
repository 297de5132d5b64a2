package dev.apikeys.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.CreatedApikey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference bytes in {@code src/test/resources/fixtures}, written by the Clojure reference
 * writers (see the README there). Each build checks that those writers still write exactly these
 * bytes, that this module decodes every request fixture, and that it encodes the response
 * fixtures byte for byte.
 *
 * <p>To write them again: {@code mvn -pl codecs -am verify -Dtest=ReferenceFixturesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dapikeys.fixtures.write=true}.
 */
class ReferenceFixturesTest {
  static final UUID KEY = UUID.fromString("3f6c1f0e-9a4b-4c1d-8e2f-0123456789ab");
  static final CreatedApikey RESPONSE = new CreatedApikey("operator", "ci", KEY, "key:0011223344556677");
  private static final Path DIRECTORY = Path.of("src", "test", "resources", "fixtures");

  /** One fixture: its file, its format, and whether it is transit's verbose JSON. */
  record Fixture(String file, Format format, boolean verbose) {
    boolean isRequest() {
      return file.startsWith("request");
    }

    byte[] written() {
      Object value = isRequest() ? ClojureReference.request() : ClojureReference.response(KEY);
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
    return List.of(
        new Fixture("request.json", Format.JSON, false),
        new Fixture("request.transit.json", Format.TRANSIT_JSON, false),
        new Fixture("request.transit-verbose.json", Format.TRANSIT_JSON, true),
        new Fixture("request.transit.msgpack", Format.TRANSIT_MSGPACK, false),
        new Fixture("request.edn", Format.EDN, false),
        new Fixture("response.json", Format.JSON, false),
        new Fixture("response.transit.json", Format.TRANSIT_JSON, false),
        new Fixture("response.transit.msgpack", Format.TRANSIT_MSGPACK, false),
        new Fixture("response.edn", Format.EDN, false));
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void theFixtureIsWhatTheClojureReferenceWriterWrites(Fixture fixture) {
    assertThat(fixture.checkedIn()).isEqualTo(fixture.written());
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void decodesEveryRequestFixtureAndEncodesEveryResponseFixtureByteForByte(Fixture fixture) {
    if (fixture.isRequest()) {
      assertThat(fixture.format().codec.decode(fixture.checkedIn())).isEqualTo(Map.of("name", "ci", "role", "operator"));
    } else {
      assertThat(fixture.format().codec.encode(RESPONSE)).isEqualTo(fixture.checkedIn());
    }
  }

  /** Writes the fixtures when {@code -Dapikeys.fixtures.write=true}; otherwise does nothing. */
  @Test
  void writeFixturesOnRequest() throws IOException {
    if (!Boolean.getBoolean("apikeys.fixtures.write")) {
      return;
    }
    Files.createDirectories(DIRECTORY);
    for (Fixture f : fixtures()) {
      Files.write(DIRECTORY.resolve(f.file()), f.written());
    }
  }
}
