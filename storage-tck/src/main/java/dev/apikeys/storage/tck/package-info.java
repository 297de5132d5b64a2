/**
 * The contract every store passes ({@link dev.apikeys.storage.tck.ApikeyStoreContract}, {@link
 * dev.apikeys.storage.tck.ApikeyServiceContract}) and helpers for store tests.
 */
@NullMarked
package dev.apikeys.storage.tck;

import org.jspecify.annotations.NullMarked;
