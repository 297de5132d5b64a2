/**
 * The service, its values and errors, and the extension points a host implements. Everything in
 * {@code dev.apikeys.core.internal} is closed to other modules.
 */
module dev.apikeys.core {
  requires static transitive org.jspecify;

  exports dev.apikeys.core;
  exports dev.apikeys.core.spi;
}
