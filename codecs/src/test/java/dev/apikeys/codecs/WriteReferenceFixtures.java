package dev.apikeys.codecs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the reference fixtures that {@link ReferenceFixturesTest} checks, with the Clojure
 * reference writers: a tool run by hand when a fixture is added or a writer changes, not a test.
 * Its name is outside the build's test patterns, and it does nothing without {@code
 * -Dapikeys.fixtures.write=true}; from the repository root:
 *
 * <pre>{@code
 * mvn -B -pl codecs -am verify -Dtest=WriteReferenceFixtures -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dapikeys.fixtures.write=true
 * }</pre>
 *
 * See {@code src/test/resources/fixtures/README.md}.
 */
class WriteReferenceFixtures {
  private static final Path DIRECTORY = Path.of("src", "test", "resources", "fixtures");

  @Test
  @EnabledIfSystemProperty(named = "apikeys.fixtures.write", matches = "true")
  void writeEveryFixture() throws IOException {
    Files.createDirectories(DIRECTORY);
    for (ReferenceFixturesTest.Fixture fixture : ReferenceFixturesTest.fixtures()) {
      Files.write(DIRECTORY.resolve(fixture.file()), fixture.written());
    }
  }
}
