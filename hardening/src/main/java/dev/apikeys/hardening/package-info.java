/**
 * Nothing here: this module is its tests (load, storage outages, failing collaborators and hostile
 * input on every store; the build's secrets scan). The package only gives the build the {@code
 * target/classes} its compiler expects.
 */
package dev.apikeys.hardening;
