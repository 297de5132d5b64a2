package dev.apikeys.core;

import dev.apikeys.core.internal.LastUseRecorder;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.AuditSink;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.core.spi.RolePolicy;
import dev.apikeys.core.spi.ServiceListener;
import dev.apikeys.core.spi.StoreFeature;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Creates, lists, revokes and rotates API keys and authenticates the callers that present them:
 * the operations of {@code /api/v1/apikeys} without any HTTP.
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

  private final ServiceParts parts;

  private ApikeyService(ServiceParts parts) {
    this.parts = parts;
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
    return parts.metering().authenticate(parts.authenticator(), tenant, presentedKey);
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
    return parts.creator().create(caller, request);
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
    return parts.creator().create(caller, fields);
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
    return parts.creator().createBootstrapKey(tenant, request);
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
    return parts.creator().createFirstKey(tenant, request);
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
    return parts.lister().list(caller, after, limit);
  }

  /**
   * Every key of the caller's tenant, ordered by name: {@link #list(Caller, String, int)} page by page.
   *
   * @param caller who asks
   * @return the keys
   * @throws StorageUnavailableException when the store fails
   */
  public List<ApikeyInfo> listAll(Caller caller) {
    return parts.lister().listAll(caller);
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
    parts.revoker().revoke(caller, name);
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
   * @throws InvalidRequestException with every violation found; otherwise as the overload with a
   *     {@code Duration}
   */
  public RotatedApikey rotate(Caller caller, String name, RotateRequest request) {
    return parts.rotator().rotate(caller, name, request);
  }

  /**
   * Rotates a key with the fields a codec decoded from a body; see {@link #rotate(Caller, String,
   * Duration)}. Every violation is reported at once, before anything else is checked.
   *
   * @param caller the caller
   * @param name the key's name
   * @param fields the decoded fields
   * @return the new key, shown this once
   * @throws InvalidRequestException with every violation found; otherwise as the overload with a
   *     {@code Duration}
   */
  public RotatedApikey rotate(Caller caller, String name, RotateFields fields) {
    return parts.rotator().rotate(caller, name, fields);
  }

  /**
   * Writes pending last-use records now, rather than on the next background run. Useful before a
   * listing in tests; a no-op unless last-use tracking is on.
   *
   * @throws StorageUnavailableException when the store fails; the records stay pending
   */
  public void flushLastUse() {
    LastUseRecorder lastUse = parts.lastUse();
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
    LastUseRecorder lastUse = parts.lastUse();
    return lastUse == null ? 0 : lastUse.backlog();
  }

  /** Stops last-use tracking after writing what is pending. The service works on without it. */
  @Override
  public void close() {
    LastUseRecorder lastUse = parts.lastUse();
    if (lastUse != null) {
      lastUse.close();
    }
  }

  @Override
  public String toString() {
    return "ApikeyService[store=" + parts.store().getClass().getSimpleName() + ", roles=" + parts.rolePolicy() + "]";
  }

  /** Builds an {@link ApikeyService}; each option may be set once. */
  public static final class Builder {
    private final ServiceOptions options = new ServiceOptions();

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
      options.listener(listener);
      return this;
    }

    /**
     * Where audit events go; nowhere unless set.
     * @param auditSink the sink
     * @return this builder
     */
    public Builder auditSink(AuditSink auditSink) {
      options.auditSink(auditSink);
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
      options.errorListener(errorListener);
      return this;
    }

    /**
     * Whether requests may give keys an expiry ({@code expires-at}); by default, when the store has
     * {@link StoreFeature#EXPIRY}. Off, such a request gets the violation {@value Violation#NOT_SUPPORTED}.
     * @param allowed whether to allow it
     * @return this builder
     */
    public Builder expiry(boolean allowed) {
      options.expiry(allowed);
      return this;
    }

    /**
     * The furthest from now a requested expiry may be; no limit unless set.
     * @param maxLifetime a positive duration
     * @return this builder
     */
    public Builder maxLifetime(Duration maxLifetime) {
      options.maxLifetime(maxLifetime);
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
      options.lastUseInterval(interval);
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
      options.lastUseScheduler(scheduler);
      return this;
    }

    /**
     * Where keys are kept. Required.
     * @param store the store
     * @return this builder
     */
    public Builder store(ApikeyStore store) {
      options.store(store);
      return this;
    }

    /**
     * Where new keys come from; {@link KeyGenerator#secureRandom()} unless set.
     * @param keyGenerator the generator
     * @return this builder
     */
    public Builder keyGenerator(KeyGenerator keyGenerator) {
      options.keyGenerator(keyGenerator);
      return this;
    }

    /**
     * Which roles exist and who may grant them; {@link RoleHierarchy#viewerOperatorAdmin()} unless set.
     * @param rolePolicy the policy
     * @return this builder
     */
    public Builder rolePolicy(RolePolicy rolePolicy) {
      options.rolePolicy(rolePolicy);
      return this;
    }

    /**
     * The clock that stamps {@code created_at}; the UTC system clock unless set.
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      options.clock(clock);
      return this;
    }

    /**
     * The longest name allowed, in characters: 1 to 128, default 128.
     * @param maxNameLength the limit
     * @return this builder
     */
    public Builder maxNameLength(int maxNameLength) {
      options.maxNameLength(maxNameLength);
      return this;
    }

    /**
     * How many fresh keys to try when the store reports a digest already in use, 1 to 16, default 4.
     * With a random generator a second attempt never happens in practice; this bounds a broken one.
     * @param maxKeyAttempts the limit
     * @return this builder
     */
    public Builder maxKeyAttempts(int maxKeyAttempts) {
      options.maxKeyAttempts(maxKeyAttempts);
      return this;
    }

    /**
     * Builds the service.
     *
     * @return the service
     * @throws IllegalStateException if no store was set, a last-use scheduler was set without an
     *     interval, or an option needs what the store lacks: last use ({@link StoreFeature#LAST_USE})
     *     or {@code expiry(true)} ({@link StoreFeature#EXPIRY})
     */
    public ApikeyService build() {
      ApikeyService service = new ApikeyService(ServiceParts.of(options, options.checkedStore()));
      ServiceListener listener = options.listener();
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
  }
}
