/**
 * The verification cache: {@link dev.apikeys.cache.CachedApikeyStore}.
 *
 * <h2>How current it is</h2>
 *
 * A write through a {@code CachedApikeyStore} drops what it changes from its cache
 * at once. Writes by other processes sharing the store reach it through the store's {@link
 * dev.apikeys.core.spi.ChangeFeed}: each change drops its digest. The feed also confirms, every so often, that it has
 * delivered every change committed up to an instant; when no confirmation is younger than {@link
 * CachedApikeyStore.Builder#maxStaleness} (1 second unless set), because the feed's connection was lost or the
 * database is restarting, every lookup reads through to the store, and once the feed confirms
 * again the cache starts empty. So a key revoked anywhere is refused here within {@code
 * maxStaleness}, whatever fails. Without a feed, only writes through this store are seen: that
 * is exact for a store no other process writes to, such as the memory store.
 */
@NullMarked
package dev.apikeys.cache;

import org.jspecify.annotations.NullMarked;
