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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Creates API keys and authenticates the callers that present them: the operation {@code POST
 * /api/v1/apikeys} without any HTTP.
 *
 * <p>Thread-safe; build one per application. The {@linkplain dev.apikeys.core package
 * documentation} shows an example and describes what a create runs through, first keys, last use
 * and the failures that no caller sees.
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
  private final Rotator rotator;
  private final Clock clock;
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
        b.lastUseScheduler, auditor::reportLastUseNotRecorded);
    this.authenticator = new Authenticator(store, clock, lastUse, auditor);
    this.issuer = new KeyIssuer(store, rolePolicy, b.keyGenerator != null ? b.keyGenerator : KeyGenerator.secureRandom(), clock,
        b.maxKeyAttempts != null ? b.maxKeyAttempts : DEFAULT_MAX_KEY_ATTEMPTS);
    this.revoker = new Revoker(store, rolePolicy, clock);
    this.rotator = new Rotator(store, rolePolicy, issuer, clock);
    this.clock = clock;
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
   * x-bytebeam-api-key}. Every failure, whatever its reason, throws the same {@link
   * UnauthenticatedException}.
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
        caller.id(), request.name(), () -> issuer.issueFor(caller, validator.validate(caller.tenant(), request))));
  }

  /**
   * Creates a key from the fields a codec decoded, before they are checked: what an HTTP endpoint
   * calls. Besides the checks of {@link #create(Caller, ApikeyRequest)}, reports missing, null,
   * refused and unknown fields, all at once: the request's own fields first, then the others in
   * the body's order.
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
        caller.id(), name, () -> issuer.issueFor(caller, validator.validate(caller.tenant(), fields))));
  }

  /**
   * Creates a key with no caller, {@code created-by} {@value #BOOTSTRAP_CREATOR}, for an operator's
   * command line (see {@linkplain dev.apikeys.core first keys}). Never expose this to clients.
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
    Authenticator.checkTenant(tenant);
    return metering.timed(Operation.CREATE, () -> auditor.audited(AuditEvent.Action.CREATE, tenant,
        BOOTSTRAP_CREATOR, request.name(), () -> issuer.issue(tenant, validator.validate(tenant, request), BOOTSTRAP_CREATOR)));
  }

  /**
   * Creates a tenant's first key, {@code created-by} {@value #BOOTSTRAP_CREATOR}, only when the
   * tenant has no key at all, even an expired one (see {@linkplain dev.apikeys.core first keys}):
   * otherwise nothing is written and no event is recorded. Never expose this to clients.
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
    Authenticator.checkTenant(tenant);
    return auditor.auditedIfPresent(AuditEvent.Action.CREATE, tenant, BOOTSTRAP_CREATOR, request.name(),
        () -> issuer.issueFirst(tenant, validator.validate(tenant, request), BOOTSTRAP_CREATOR));
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
    return metering.timed(Operation.LIST,
        () -> ApikeyPage.of(StoreCalls.call(() -> store.list(caller.tenant(), after, limit + 1)), limit, clock.instant()));
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
   * be allowed to create keys and to grant the key's role; a tenant's last administrator (see the
   * {@linkplain dev.apikeys.core package documentation}) is not revoked.
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
   * Rotates a key: a new key for the same name and role, the replaced key working until the end of
   * {@code grace}, then failing as an unknown key does. A previous key still in its grace period
   * stops at once; an expired key stays dead. Authorized as {@link #revoke} is, decided on the key
   * as it is when the store replaces it.
   *
   * @param caller the caller
   * @param name the key's name
   * @param grace how long the replaced key keeps working: zero to {@link RotateRequest#MAX_GRACE}
   * @return the new key, shown this once
   * @throws InvalidRequestException if the grace period is out of range
   * @throws ForbiddenException if the caller's role may not create keys or grant the key's role
   * @throws ApikeyException {@code not-found} if the tenant has no key of this name; {@code
   *     not-implemented} if the store lacks {@link StoreFeature#ROTATION}
   * @throws StorageUnavailableException if the store fails; nothing was changed
   */
  public RotatedApikey rotate(Caller caller, String name, Duration grace) {
    return rotate(caller, name, RotateRequest.withGrace(Objects.requireNonNull(grace, "grace")));
  }

  /**
   * Rotates a key with a grace period and an expiry for the new key; see {@link #rotate(Caller,
   * String, Duration)}.
   *
   * @param caller the caller
   * @param name the key's name
   * @param request the grace period and the new key's expiry, checked as a create's
   * @return the new key, shown this once
   */
  public RotatedApikey rotate(Caller caller, String name, RotateRequest request) {
    Objects.requireNonNull(request, "request");
    return rotate(caller, name, () -> validator.validate(request));
  }

  /**
   * Rotates a key with the fields a codec decoded from a body; see {@link #rotate(Caller, String,
   * Duration)}. Every violation is reported at once, before anything else is checked.
   *
   * @param caller the caller
   * @param name the key's name
   * @param fields the decoded fields
   * @return the new key, shown this once
   */
  public RotatedApikey rotate(Caller caller, String name, RotateFields fields) {
    Objects.requireNonNull(fields, "fields");
    return rotate(caller, name, () -> validator.validate(fields));
  }

  /** Validates, inside the timing and the audit, and rotates. */
  private RotatedApikey rotate(Caller caller, String name, Supplier<RotateRequest> validated) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(name, "name");
    return metering.timed(Operation.ROTATE, () -> auditor.audited(AuditEvent.Action.ROTATE, caller.tenant(),
        caller.id(), name, () -> rotator.rotate(caller, name, validated.get())));
  }

  /**
   * Writes pending last-use records now, rather than on the next background run. Useful before a
   * listing in tests; a no-op unless last-use tracking is on.
   *
   * @throws StorageUnavailableException when the store fails; the records stay pending
   */
  public void flushLastUse() {
    if (lastUse != null) {
      StoreCalls.run(lastUse::flush);
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
     * @param auditSink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink auditSink) {
      this.auditSink = once(this.auditSink, auditSink, "auditSink");
      return this;
    }

    /**
     * Where failures that no caller sees go, with their exception, for the host's logs and alerts:
     * last-use batches the store refused and exceptions of the audit sink (see the {@linkplain
     * dev.apikeys.core package documentation}); nowhere unless set. It must be thread-safe; what it
     * throws is ignored.
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
     * @param allowed whether to allow it
     * @return this builder
     */
    public Builder expiry(boolean allowed) {
      this.expiry = once(this.expiry, allowed, "expiry");
      return this;
    }

    /**
     * The furthest from now a requested expiry may be; no limit unless set.
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
     * Records when each key was last used, at most once per interval per key, in background batches;
     * off unless set. Needs a store with {@link StoreFeature#LAST_USE}; best-effort (see the
     * {@linkplain dev.apikeys.core package documentation}).
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
     * Where last-use batches are written: on the host's scheduler, which the service neither shuts
     * down nor waits for. Unless set, the service runs a daemon thread of its own until {@link
     * ApikeyService#close()}.
     * @param scheduler the host's scheduler
     * @return this builder
     */
    public Builder lastUseScheduler(ScheduledExecutorService scheduler) {
      this.lastUseScheduler = once(this.lastUseScheduler, scheduler, "lastUseScheduler");
      return this;
    }

    /**
     * Where keys are kept. Required.
     * @param store the store
     * @return this builder
     */
    public Builder store(ApikeyStore store) {
      this.store = once(this.store, store, "store");
      return this;
    }

    /**
     * Where new keys come from; {@link KeyGenerator#secureRandom()} unless set.
     * @param keyGenerator the generator
     * @return this builder
     */
    public Builder keyGenerator(KeyGenerator keyGenerator) {
      this.keyGenerator = once(this.keyGenerator, keyGenerator, "keyGenerator");
      return this;
    }

    /**
     * Which roles exist and who may grant them; {@link RoleHierarchy#viewerOperatorAdmin()} unless set.
     * @param rolePolicy the policy
     * @return this builder
     */
    public Builder rolePolicy(RolePolicy rolePolicy) {
      this.rolePolicy = once(this.rolePolicy, rolePolicy, "rolePolicy");
      return this;
    }

    /**
     * The clock that stamps {@code created_at}; the UTC system clock unless set.
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = once(this.clock, clock, "clock");
      return this;
    }

    /**
     * The longest name allowed, in characters: 1 to 128, default 128.
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
        throw new IllegalStateException(store.getClass().getName() + " does not record last use (it lacks StoreFeature.LAST_USE): drop lastUseInterval(...) or use a store that has it");
      }
      if (Boolean.TRUE.equals(expiry) && !store.features().contains(StoreFeature.EXPIRY)) {
        throw new IllegalStateException(store.getClass().getName() + " does not keep expiry times (it lacks StoreFeature.EXPIRY): drop expiry(true) or use a store that has it");
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
