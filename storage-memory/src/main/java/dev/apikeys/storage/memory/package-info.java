/** The in-memory store: {@link dev.apikeys.storage.memory.MemoryApikeyStore}. */
@NullMarked
package dev.apikeys.storage.memory;

import org.jspecify.annotations.NullMarked;
