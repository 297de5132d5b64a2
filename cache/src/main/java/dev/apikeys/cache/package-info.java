/** The verification cache: {@link dev.apikeys.cache.CachedApikeyStore}. */
@NullMarked
package dev.apikeys.cache;

import org.jspecify.annotations.NullMarked;
