/**
 * Meters of the service and the cache. Micrometer has no module descriptor, only an {@code
 * Automatic-Module-Name} ({@code micrometer.core}), stable across its releases; javac warns of
 * requiring one.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.apikeys.micrometer {
  requires transitive dev.apikeys.core;
  requires transitive dev.apikeys.cache;
  requires transitive micrometer.core;
  requires static org.jspecify;

  exports dev.apikeys.micrometer;
}
