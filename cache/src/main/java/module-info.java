/** The verification cache: a decorator for any store, on Caffeine. */
module dev.apikeys.cache {
  requires transitive dev.apikeys.core;
  requires com.github.benmanes.caffeine;
  requires static org.jspecify;

  exports dev.apikeys.cache;
}
