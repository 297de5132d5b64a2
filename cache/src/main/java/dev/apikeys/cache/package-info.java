/** The verification cache: {@link dev.apikeys.cache.CachedApikeyStore}. */
package dev.apikeys.cache;
