package dev.apikeys.core;

import dev.apikeys.core.internal.LastUseRecorder;
import dev.apikeys.core.internal.RequestValidator;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.AuditSink;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.core.spi.RolePolicy;
import dev.apikeys.core.spi.ServiceListener;
import dev.apikeys.core.spi.ServiceListener.Operation;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Creates API keys and authenticates the callers that present them: the operation {@code POST
 * /api/v1/apikeys} without any HTTP.
 *
 * <p>A create runs: authenticated caller and request → validated (every violation at once) →
 * authorized by the {@link RolePolicy} → a new key from the {@link KeyGenerator} → stored as its
 * SHA-256 digest → the plaintext key returned, this once. Thread-safe; build one per application.
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
 */
public final class ApikeyService implements AutoCloseable {
  /** The {@code created-by} of keys made by {@link #createBootstrapKey(String, ApikeyRequest)}. */
  public static final String BOOTSTRAP_CREATOR = "bootstrap";

  /** The prefix of the {@link Caller#id()} of a caller authenticated by a key. */
  public static final String KEY_CALLER_PREFIX = "key:";

  /** The default and largest allowed maximum length of a name, in characters. */
  public static final int DEFAULT_MAX_NAME_LENGTH = 128;

  /** The largest page {@link #list(Caller, String, int)} returns. */
  public static final int MAX_PAGE_SIZE = 1000;

  private static final int DEFAULT_MAX_KEY_ATTEMPTS = 4;

  private final ApikeyStore store;
  private final RolePolicy rolePolicy;
  private final RequestValidator validator;
  private final Auditor auditor;
  /** Null when last use is not tracked. */
  private final @Nullable LastUseRecorder lastUse;
  private final Authenticator authenticator;
  private final KeyIssuer issuer;
  private final Revoker revoker;
  private final Metering metering;

  private ApikeyService(Builder b, ApikeyStore store) {
    this.store = store;
    this.rolePolicy = b.rolePolicy != null ? b.rolePolicy : RoleHierarchy.viewerOperatorAdmin();
    Clock clock = b.clock != null ? b.clock : Clock.systemUTC();
    int maxNameLength = b.maxNameLength != null ? b.maxNameLength : DEFAULT_MAX_NAME_LENGTH;
    boolean expiry = b.expiry != null ? b.expiry : store.features().contains(StoreFeature.EXPIRY);
    this.validator = new RequestValidator(rolePolicy, maxNameLength, clock, expiry, b.maxLifetime);
    this.auditor = new Auditor(b.auditSink, clock, b.errorListener);
    this.lastUse = b.lastUseInterval == null ? null : new LastUseRecorder(store, b.lastUseInterval, clock,
        b.lastUseScheduler, (keys, retried, cause) -> auditor.report(lastUseNotRecorded(keys, retried, cause)));
    this.authenticator = new Authenticator(store, clock, lastUse, auditor);
    this.issuer = new KeyIssuer(store, b.keyGenerator != null ? b.keyGenerator : KeyGenerator.secureRandom(), clock,
        b.maxKeyAttempts != null ? b.maxKeyAttempts : DEFAULT_MAX_KEY_ATTEMPTS);
    this.revoker = new Revoker(store, rolePolicy, clock);
    this.metering = new Metering(b.listener, auditor);
  }

  /** A builder; only the store is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A service on the given store with every default: {@link KeyGenerator#secureRandom()}, {@link
   * RoleHierarchy#viewerOperatorAdmin()}, the UTC system clock, names of up to 128 characters.
   *
   * @param store where keys are kept
   * @return the service
   */
  public static ApikeyService ofDefaults(ApikeyStore store) {
    return builder().store(store).build();
  }

  /**
   * Authenticates a caller from the two header values, {@code x-bytebeam-tenant} and {@code
   * x-bytebeam-api-key}.
   *
   * <p>Every failure throws the same {@link UnauthenticatedException}: a missing value, a key that
   * is not a canonical UUID string, an unknown or revoked key, an unknown tenant, a key of another
   * tenant.
   *
   * @param tenant the tenant header's value, or {@code null} when absent
   * @param presentedKey the API-key header's value, or {@code null} when absent
   * @return the caller, with {@code key:<keyId>} as its id and the key's role
   * @throws UnauthenticatedException whenever the caller is not authenticated
   * @throws StorageUnavailableException when the store fails
   */
  public Caller authenticate(@Nullable String tenant, @Nullable String presentedKey) {
    return metering.authenticate(authenticator, tenant, presentedKey);
  }

  /**
   * Creates a key on behalf of an authenticated caller, in the caller's tenant.
   *
   * @param caller who asks; the key goes into its tenant
   * @param request the name and role of the new key
   * @return the new key, shown this once
   * @throws InvalidRequestException with every violation found
   * @throws ForbiddenException if the caller may not create keys or grant the role
   * @throws NameTakenException if the tenant has a key of this name
   * @throws StorageUnavailableException when the store fails; nothing was written
   */
  public CreatedApikey create(Caller caller, ApikeyRequest request) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(request, "request");
    return metering.timed(Operation.CREATE, () -> auditor.audited(AuditEvent.Action.CREATE, caller.tenant(),
        caller.id(), request.name(), () -> authorizeAndIssue(caller, validator.validate(caller.tenant(), request))));
  }

  /**
   * Creates a key from the fields a codec decoded, before they are checked: what an HTTP endpoint
   * calls. Besides the checks of {@link #create(Caller, ApikeyRequest)}, reports missing and null
   * fields, what the decoder refused (a value of another type, a timestamp that does not parse)
   * and unknown fields, all at once: the request's own fields first, then unknown ones in the
   * body's order.
   *
   * @param caller who asks; the key goes into its tenant
   * @param fields the decoded fields
   * @return the new key, shown this once
   * @throws InvalidRequestException with every violation found
   * @throws ForbiddenException if the caller may not create keys or grant the role
   * @throws NameTakenException if the tenant has a key of this name
   * @throws StorageUnavailableException when the store fails; nothing was written
   */
  public CreatedApikey create(Caller caller, RequestFields fields) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(fields, "fields");
    String name = fields.name() instanceof Field.Value<String> value ? value.value() : null;
    return metering.timed(Operation.CREATE, () -> auditor.audited(AuditEvent.Action.CREATE, caller.tenant(),
        caller.id(), name, () -> authorizeAndIssue(caller, validator.validate(caller.tenant(), fields))));
  }

  /**
   * Creates a key with no caller, for an operator's command line: recovery when every admin key is
   * lost, or another key made outside the API. To make sure a tenant has a first key at every start
   * of a host, use {@link #createFirstKey}, which never recreates a revoked key. It is recorded with {@code created-by} {@value
   * #BOOTSTRAP_CREATOR}. Never expose this to clients.
   *
   * @param tenant the tenant; non-blank, no control characters, at most 256 characters
   * @param request the name and role of the new key; any existing role may be given
   * @return the new key, shown this once
   * @throws IllegalArgumentException if the tenant is not a usable name
   * @throws InvalidRequestException with every violation found
   * @throws NameTakenException if the tenant has a key of this name
   * @throws StorageUnavailableException when the store fails; nothing was written
   */
  public CreatedApikey createBootstrapKey(String tenant, ApikeyRequest request) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    checkTenant(tenant);
    return metering.timed(Operation.CREATE, () -> auditor.audited(AuditEvent.Action.CREATE, tenant,
        BOOTSTRAP_CREATOR, request.name(), () -> issuer.issue(tenant, validator.validate(tenant, request), BOOTSTRAP_CREATOR)));
  }

  /**
   * Creates a tenant's first key, only when the tenant has no key at all: what a host calls at every
   * start to make sure a tenant can be administered, without ever bringing back a key that was
   * revoked. A tenant that has any key, even an expired one, is left as it is: nothing is written,
   * and no event is recorded. When several processes call this at once for an empty tenant with
   * the same request, one creates the key and the others get empty. Recorded with {@code
   * created-by} {@value #BOOTSTRAP_CREATOR}, as {@link #createBootstrapKey} is. Never expose this to
   * clients.
   *
   * @param tenant the tenant; non-blank, no control characters, at most 256 characters
   * @param request the name and role of the key; any existing role may be given
   * @return the new key, shown this once; empty when the tenant already had a key
   * @throws IllegalArgumentException if the tenant is not a usable name
   * @throws InvalidRequestException with every violation found
   * @throws StorageUnavailableException when the store fails; nothing was written
   */
  public Optional<CreatedApikey> createFirstKey(String tenant, ApikeyRequest request) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(request, "request");
    checkTenant(tenant);
    try {
      ApikeyRequest valid = validator.validate(tenant, request);
      if (!StoreCalls.call(() -> store.list(tenant, null, 1)).isEmpty()) {
        return Optional.empty();
      }
      CreatedApikey created;
      try {
        created = issuer.issue(tenant, valid, BOOTSTRAP_CREATOR);
      } catch (NameTakenException e) {
        return Optional.empty(); // another process made the tenant's first key at the same moment
      }
      auditor.record(AuditEvent.Action.CREATE, tenant, BOOTSTRAP_CREATOR, request.name(), null);
      return Optional.of(created);
    } catch (RuntimeException e) {
      auditor.record(AuditEvent.Action.CREATE, tenant, BOOTSTRAP_CREATOR, request.name(), e);
      throw e;
    }
  }

  /**
   * One page of the keys of the caller's tenant, ordered by name (by code point). Any role may
   * list; a listing never shows a key or its digest.
   *
   * @param caller who asks
   * @param after the {@link ApikeyPage#next()} of the previous page, or {@code null} for the first
   * @param limit the most keys on the page, 1 to {@value #MAX_PAGE_SIZE}
   * @return the page
   * @throws IllegalArgumentException if the limit is out of range
   * @throws StorageUnavailableException when the store fails
   */
  public ApikeyPage list(Caller caller, @Nullable String after, int limit) {
    Objects.requireNonNull(caller, "caller");
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE_SIZE + ": " + limit);
    }
    return metering.timed(Operation.LIST, () -> page(caller, after, limit));
  }

  private ApikeyPage page(Caller caller, @Nullable String after, int limit) {
    // One more than asked tells whether there is a next page.
    List<StoredApikey> keys = StoreCalls.call(() -> store.list(caller.tenant(), after, limit + 1));
    boolean more = keys.size() > limit;
    List<ApikeyInfo> page = new ArrayList<>(Math.min(keys.size(), limit));
    for (int i = 0; i < keys.size() && i < limit; i++) {
      page.add(info(keys.get(i)));
    }
    return new ApikeyPage(page, more ? page.get(page.size() - 1).name() : null);
  }

  /**
   * Every key of the caller's tenant, ordered by name: {@link #list(Caller, String, int)} page by page.
   *
   * @param caller who asks
   * @return the keys
   * @throws StorageUnavailableException when the store fails
   */
  public List<ApikeyInfo> listAll(Caller caller) {
    List<ApikeyInfo> all = new ArrayList<>();
    String after = null;
    do {
      ApikeyPage page = list(caller, after, MAX_PAGE_SIZE);
      all.addAll(page.keys());
      after = page.next();
    } while (after != null);
    return all;
  }

  /**
   * Revokes a key of the caller's tenant by name: it stops authenticating at once. The caller must
   * be allowed to create keys and to grant the key's role. A key that may create keys is not revoked
   * when no other unexpired key could make it again (create keys and grant its role): a tenant never
   * loses its last administrator this way.
   *
   * @param caller who asks
   * @param name the key's name
   * @throws ForbiddenException if the caller may not revoke this key
   * @throws ApikeyException with {@link ErrorCode#NOT_FOUND} if the tenant has no such key, or
   *     {@link ErrorCode#LAST_ADMINISTRATOR} if it is the last administrator
   * @throws StorageUnavailableException when the store fails; nothing was deleted
   */
  public void revoke(Caller caller, String name) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(name, "name");
    metering.timed(Operation.REVOKE, () -> auditor.audited(AuditEvent.Action.REVOKE, caller.tenant(), caller.id(), name, () -> {
      revoker.revoke(caller, name);
      return null;
    }));
  }

  /**
   * Writes pending last-use records now, rather than on the next background run. Useful before a
   * listing in tests; a no-op unless last-use tracking is on.
   *
   * @throws StorageUnavailableException when the store fails; the records stay pending
   */
  public void flushLastUse() {
    if (lastUse != null) {
      StoreCalls.call(() -> {
        lastUse.flush();
        return null;
      });
    }
  }

  /**
   * How many keys' last use is noted and not yet written: a gauge of the last-use backlog. It stays
   * near the number of keys used per interval while the store accepts the batches, and grows while
   * the store refuses them (up to a bound beyond which new uses are dropped). Zero unless last-use
   * tracking is on.
   *
   * @return the number of keys waiting to be written
   */
  public int lastUseBacklog() {
    return lastUse == null ? 0 : lastUse.backlog();
  }

  /** Stops last-use tracking after writing what is pending. The service works on without it. */
  @Override
  public void close() {
    if (lastUse != null) {
      lastUse.close();
    }
  }

  private static ApikeyInfo info(StoredApikey k) {
    return new ApikeyInfo(k.name(), k.role(), KEY_CALLER_PREFIX + k.keyId(), k.hint(), k.createdBy(), k.createdAt(),
        k.expiresAt(), k.lastUsedAt());
  }

  private static void checkTenant(String tenant) {
    if (tenant.isBlank() || !Authenticator.usableTenant(tenant)) {
      throw new IllegalArgumentException(
          "a tenant is 1 to " + Authenticator.MAX_TENANT_LENGTH + " characters, not blank, no control characters");
    }
  }

  private static StorageUnavailableException lastUseNotRecorded(int keys, boolean retried, Throwable cause) {
    String which = keys == 1 ? "1 key was" : keys + " keys were";
    String then = keys == 1 ? (retried ? "it is tried again on the next run" : "it is lost, as the service is closing")
        : (retried ? "they are tried again on the next run" : "they are lost, as the service is closing");
    return new StorageUnavailableException("recording when " + which + " last used failed; " + then, cause);
  }

  private CreatedApikey authorizeAndIssue(Caller caller, ApikeyRequest request) {
    if (!rolePolicy.mayCreateKeys(caller)) {
      throw new ForbiddenException("your role may not create API keys");
    }
    if (!rolePolicy.mayGrant(caller, Objects.requireNonNull(request.role(), "role"))) { // validated
      throw new ForbiddenException("your role may not grant this role");
    }
    return issuer.issue(caller.tenant(), request, caller.id());
  }

  @Override
  public String toString() {
    return "ApikeyService[store=" + store.getClass().getSimpleName() + ", roles=" + rolePolicy + "]";
  }

  /** Builds an {@link ApikeyService}; each option may be set once. */
  public static final class Builder {
    private @Nullable ApikeyStore store;
    private @Nullable KeyGenerator keyGenerator;
    private @Nullable RolePolicy rolePolicy;
    private @Nullable Clock clock;
    private @Nullable Integer maxNameLength;
    private @Nullable Integer maxKeyAttempts;
    private @Nullable AuditSink auditSink;
    private @Nullable Boolean expiry;
    private @Nullable Duration maxLifetime;
    private @Nullable Duration lastUseInterval;
    private @Nullable ScheduledExecutorService lastUseScheduler;
    private @Nullable Consumer<? super Throwable> errorListener;
    private @Nullable ServiceListener listener;

    private Builder() {}

    /**
     * Told how each operation ended and how long it took, for metrics; none unless set. Without
     * one, the service does no timing at all. What it throws goes to the {@link #errorListener
     * error listener} and changes no answer.
     *
     * @param listener the listener, e.g. the {@code apikeys-micrometer} module's meters
     * @return this builder
     */
    public Builder listener(ServiceListener listener) {
      this.listener = once(this.listener, listener, "listener");
      return this;
    }

    /**
     * Where audit events go; nowhere unless set.
     *
     * @param auditSink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink auditSink) {
      this.auditSink = once(this.auditSink, auditSink, "auditSink");
      return this;
    }

    /**
     * Where failures that no caller sees go, with their exception, for the host's logs and alerts;
     * nowhere unless set. The listener {@code ApikeyEndpoint} takes for its 500s and 503s suits
     * this one too. Two kinds of failure reach it:
     *
     * <ul>
     *   <li>a batch of last-use records (see {@link #lastUseInterval}) that the store refused, once
     *       per failed batch, on the background thread: a {@link StorageUnavailableException} whose
     *       message says how many keys the batch held and whether they are tried again on the next
     *       run (they are, unless the service is closing), with what the store threw as its cause.
     *       While the store keeps failing, every run reports again;
     *   <li>an exception thrown by the {@link #auditSink audit sink}, as thrown, on the request's
     *       thread: that event is lost.
     * </ul>
     *
     * Neither changes an answer: last use is best-effort, and auditing never refuses a request. A
     * failure that a caller is told of, by an exception from a request or from {@link
     * ApikeyService#flushLastUse()}, is not reported here too. What this library reports holds no
     * key and no digest; a cause is the store's or the sink's own exception. What the listener
     * throws is ignored; it must be thread-safe.
     *
     * @param errorListener the listener
     * @return this builder
     */
    public Builder errorListener(Consumer<? super Throwable> errorListener) {
      this.errorListener = once(this.errorListener, errorListener, "errorListener");
      return this;
    }

    /**
     * Whether requests may give keys an expiry ({@code expires-at}); by default, when the store has
     * {@link StoreFeature#EXPIRY}. Off, such a request gets the violation {@value Violation#NOT_SUPPORTED}.
     *
     * @param allowed whether to allow it
     * @return this builder
     */
    public Builder expiry(boolean allowed) {
      this.expiry = once(this.expiry, allowed, "expiry");
      return this;
    }

    /**
     * The furthest from now a requested expiry may be; no limit unless set.
     *
     * @param maxLifetime a positive duration
     * @return this builder
     */
    public Builder maxLifetime(Duration maxLifetime) {
      if (maxLifetime.isNegative() || maxLifetime.isZero()) {
        throw new IllegalArgumentException("maxLifetime must be positive: " + maxLifetime);
      }
      this.maxLifetime = once(this.maxLifetime, maxLifetime, "maxLifetime");
      return this;
    }

    /**
     * Records when each key was last used, at most once per interval per key, written in batches by
     * a background thread (close the service to stop it). Off unless set; needs a store with {@link
     * StoreFeature#LAST_USE}. Best-effort: a batch the store refuses fails no request, is tried
     * again on the next run, and is reported to the {@link #errorListener error listener}.
     *
     * @param interval at least one second; a minute is a good choice
     * @return this builder
     */
    public Builder lastUseInterval(Duration interval) {
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("lastUseInterval must be at least one second: " + interval);
      }
      this.lastUseInterval = once(this.lastUseInterval, interval, "lastUseInterval");
      return this;
    }

    /**
     * Where last-use batches are written (see {@link #lastUseInterval}): on the host's scheduler,
     * which the service neither shuts down nor waits for, as a cache takes its host's executor.
     * Unless set, the service runs one daemon thread of its own, {@code apikeys-last-use}, and
     * stops it at {@link ApikeyService#close()}. Closing the service cancels its task on the host's
     * scheduler and writes what is pending on the closing thread.
     *
     * @param scheduler the host's scheduler
     * @return this builder
     */
    public Builder lastUseScheduler(ScheduledExecutorService scheduler) {
      this.lastUseScheduler = once(this.lastUseScheduler, scheduler, "lastUseScheduler");
      return this;
    }

    /**
     * Where keys are kept. Required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(ApikeyStore store) {
      this.store = once(this.store, store, "store");
      return this;
    }

    /**
     * Where new keys come from; {@link KeyGenerator#secureRandom()} unless set.
     *
     * @param keyGenerator the generator
     * @return this builder
     */
    public Builder keyGenerator(KeyGenerator keyGenerator) {
      this.keyGenerator = once(this.keyGenerator, keyGenerator, "keyGenerator");
      return this;
    }

    /**
     * Which roles exist and who may grant them; {@link RoleHierarchy#viewerOperatorAdmin()} unless set.
     *
     * @param rolePolicy the policy
     * @return this builder
     */
    public Builder rolePolicy(RolePolicy rolePolicy) {
      this.rolePolicy = once(this.rolePolicy, rolePolicy, "rolePolicy");
      return this;
    }

    /**
     * The clock that stamps {@code created_at}; the UTC system clock unless set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once(this.clock, clock, "clock");
      return this;
    }

    /**
     * The longest name allowed, in characters: 1 to 128, default 128.
     *
     * @param maxNameLength the limit
     * @return this builder
     */
    public Builder maxNameLength(int maxNameLength) {
      if (maxNameLength < 1 || maxNameLength > DEFAULT_MAX_NAME_LENGTH) {
        throw new IllegalArgumentException("maxNameLength must be 1 to " + DEFAULT_MAX_NAME_LENGTH + ": " + maxNameLength);
      }
      this.maxNameLength = once(this.maxNameLength, maxNameLength, "maxNameLength");
      return this;
    }

    /**
     * How many fresh keys to try when the store reports a digest already in use, 1 to 16, default 4.
     * With a random generator a second attempt never happens in practice; this bounds a broken one.
     *
     * @param maxKeyAttempts the limit
     * @return this builder
     */
    public Builder maxKeyAttempts(int maxKeyAttempts) {
      if (maxKeyAttempts < 1 || maxKeyAttempts > 16) {
        throw new IllegalArgumentException("maxKeyAttempts must be 1 to 16: " + maxKeyAttempts);
      }
      this.maxKeyAttempts = once(this.maxKeyAttempts, maxKeyAttempts, "maxKeyAttempts");
      return this;
    }

    /**
     * Builds the service.
     *
     * @return the service
     * @throws IllegalStateException if no store was set
     */
    public ApikeyService build() {
      ApikeyStore store = this.store;
      if (store == null) {
        throw new IllegalStateException("an ApikeyService needs a store: call store(...)");
      }
      if (lastUseScheduler != null && lastUseInterval == null) {
        throw new IllegalStateException("lastUseScheduler(...) needs lastUseInterval(...): last use is not tracked without it");
      }
      if (lastUseInterval != null && !store.features().contains(StoreFeature.LAST_USE)) {
        throw new IllegalStateException(store.getClass().getName()
            + " does not record last use (it lacks StoreFeature.LAST_USE): drop lastUseInterval(...) or use a store that has it");
      }
      if (Boolean.TRUE.equals(expiry) && !store.features().contains(StoreFeature.EXPIRY)) {
        throw new IllegalStateException(store.getClass().getName()
            + " does not keep expiry times (it lacks StoreFeature.EXPIRY): drop expiry(true) or use a store that has it");
      }
      ApikeyService service = new ApikeyService(this, store);
      if (listener != null) {
        try {
          listener.registered(service);
        } catch (RuntimeException | Error e) {
          service.close(); // stops the last-use thread the failed build would leak
          throw e;
        }
      }
      return service;
    }

    private static <T> T once(@Nullable T current, T value, String option) {
      Objects.requireNonNull(value, option);
      if (current != null) {
        throw new IllegalStateException(option + " is already set");
      }
      return value;
    }
  }
}
