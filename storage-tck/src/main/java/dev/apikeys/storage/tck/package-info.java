/**
 * The contract every store passes ({@link dev.apikeys.storage.tck.ApikeyStoreContract}, {@link
 * dev.apikeys.storage.tck.ApikeyServiceContract}, and {@link
 * dev.apikeys.storage.tck.RotationContract} for a store with rotation) and helpers for store tests.
 * The first two are made of focused contracts, interfaces of tests on a {@link
 * dev.apikeys.storage.tck.StoreFixture} or a {@link dev.apikeys.storage.tck.ServiceFixture}, one per
 * kind of operation: a store's test gets them all by extending the class.
 */
@NullMarked
package dev.apikeys.storage.tck;

import org.jspecify.annotations.NullMarked;
