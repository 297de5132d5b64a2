/** The in-memory store. */
module dev.apikeys.storage.memory {
  requires transitive dev.apikeys.core;
  requires static org.jspecify;

  exports dev.apikeys.storage.memory;
}
