/**
 * The service: {@link dev.apikeys.core.ApikeyService} creates, lists and revokes API keys and
 * authenticates the callers that present them, with its values ({@link
 * dev.apikeys.core.ApikeyRequest}, {@link dev.apikeys.core.CreatedApikey}, {@link
 * dev.apikeys.core.Caller}, ...) and errors ({@link dev.apikeys.core.ApikeyException} and its
 * subclasses). Nothing here accepts or returns {@code null} unless marked {@code @Nullable}.
 *
 * <pre>{@code
 * ApikeyService service = ApikeyService.builder()
 *     .store(new MemoryApikeyStore())
 *     .rolePolicy(RoleHierarchy.of("viewer", "operator", "admin").minimumToCreate("operator"))
 *     .build();
 * CreatedApikey first = service.createFirstKey("acme", new ApikeyRequest("ops", "admin")).orElseThrow();
 * Caller caller = service.authenticate("acme", first.key().toString());
 * CreatedApikey ci = service.create(caller, new ApikeyRequest("ci", "operator"));
 * }</pre>
 *
 * <h2>Creating a key</h2>
 *
 * A create runs: authenticated caller and request → validated (every violation at once) →
 * authorized by the {@link dev.apikeys.core.spi.RolePolicy} → a new key from the {@link
 * dev.apikeys.core.spi.KeyGenerator} → stored as its SHA-256 digest → the plaintext key returned,
 * this once. Authentication fails the same way whatever the reason: a missing value, a key that is
 * not a canonical UUID string, an unknown or revoked key, an unknown tenant, a key of another
 * tenant.
 *
 * <h2>First keys</h2>
 *
 * A tenant's first key has no caller to create it. {@code createFirstKey} is what a host calls at
 * every start to make sure a tenant can be administered: it creates the key only while the tenant
 * has no key at all, so it never brings back a key that was revoked; when several processes call it
 * at once for an empty tenant with the same request, one creates the key and the others get
 * empty. {@code createBootstrapKey} creates a key with no caller unconditionally, for an operator's
 * command line: recovery when every admin key is lost, or another key made outside the API. Both
 * record {@code created-by} {@value dev.apikeys.core.ApikeyService#BOOTSTRAP_CREATOR}; neither may
 * be exposed to clients.
 *
 * <h2>The last administrator</h2>
 *
 * A key that may create keys is not revoked when no other unexpired key could make it again (create
 * keys and grant its role): a tenant never loses its last administrator by a revoke.
 *
 * <h2>Last use</h2>
 *
 * With {@code lastUseInterval}, the service notes in memory when each key authenticates, at most
 * once per interval per key, and writes the notes in one batch per run (close the service to stop
 * it). The batches run on the host's scheduler when one is given ({@code lastUseScheduler}), which
 * the service neither shuts down nor waits for, as a cache takes its host's executor; closing the
 * service then cancels its task and writes what is pending on the closing thread. Unless one is
 * given, the service runs one daemon thread of its own, {@code apikeys-last-use}, until it is
 * closed. Best-effort: a batch the store refuses fails no request, is tried again on the next run
 * and is reported to the error listener.
 *
 * <h2>Failures no caller sees</h2>
 *
 * The builder's {@code errorListener} receives, for the host's logs and alerts, two kinds of
 * failure:
 *
 * <ul>
 *   <li>a batch of last-use records that the store refused, once per failed batch, on the
 *       background thread: a {@link dev.apikeys.core.StorageUnavailableException} whose message
 *       says how many keys the batch held and whether they are tried again on the next run (they
 *       are, unless the service is closing), with what the store threw as its cause. While the
 *       store keeps failing, every run reports again;
 *   <li>an exception thrown by the audit sink, as thrown, on the request's thread: that event is
 *       lost.
 * </ul>
 *
 * Neither changes an answer: last use is best-effort, and auditing never refuses a request. A
 * failure that a caller is told of, by an exception from a request or from {@code flushLastUse},
 * is not reported there too. What this library reports holds no key and no digest; a cause is the
 * store's or the sink's own exception. What the listener throws is ignored; it must be
 * thread-safe. The listener {@code ApikeyEndpoint} takes for its 500s and 503s suits this one too.
 */
@NullMarked
package dev.apikeys.core;

import org.jspecify.annotations.NullMarked;
