/**
 * The contract every store passes: abstract JUnit 5 tests and their helpers. JUnit runs the tests
 * of the stores' subclasses reflectively, so the package is open to it.
 */
module dev.apikeys.storage.tck {
  requires transitive dev.apikeys.core;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires static org.jspecify;

  exports dev.apikeys.storage.tck;
  opens dev.apikeys.storage.tck to org.junit.platform.commons;
}
