package dev.apikeys.core;

import dev.apikeys.core.internal.RequestValidator;
import dev.apikeys.core.internal.Uuids;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.core.spi.RolePolicy;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

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
 * CreatedApikey first = service.createBootstrapKey("acme", new ApikeyRequest("ops", "admin"));
 * Caller caller = service.authenticate("acme", first.key().toString());
 * CreatedApikey ci = service.create(caller, new ApikeyRequest("ci", "operator"));
 * }</pre>
 */
public final class ApikeyService {
  /** The {@code created-by} of keys made by {@link #createBootstrapKey(String, ApikeyRequest)}. */
  public static final String BOOTSTRAP_CREATOR = "bootstrap";

  /** The prefix of the {@link Caller#id()} of a caller authenticated by a key. */
  public static final String KEY_CALLER_PREFIX = "key:";

  /** The default and largest allowed maximum length of a name, in characters. */
  public static final int DEFAULT_MAX_NAME_LENGTH = 128;

  private static final int DEFAULT_MAX_KEY_ATTEMPTS = 4;
  private static final int MAX_TENANT_LENGTH = 256;

  private final ApikeyStore store;
  private final KeyGenerator keyGenerator;
  private final RolePolicy rolePolicy;
  private final Clock clock;
  private final int maxKeyAttempts;
  private final RequestValidator validator;

  private ApikeyService(Builder b) {
    this.store = b.store;
    this.keyGenerator = b.keyGenerator != null ? b.keyGenerator : KeyGenerator.secureRandom();
    this.rolePolicy = b.rolePolicy != null ? b.rolePolicy : RoleHierarchy.viewerOperatorAdmin();
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.maxKeyAttempts = b.maxKeyAttempts != null ? b.maxKeyAttempts : DEFAULT_MAX_KEY_ATTEMPTS;
    int maxNameLength = b.maxNameLength != null ? b.maxNameLength : DEFAULT_MAX_NAME_LENGTH;
    this.validator = new RequestValidator(rolePolicy, maxNameLength);
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
  public Caller authenticate(String tenant, String presentedKey) {
    UUID key = Uuids.parseCanonical(presentedKey);
    if (key == null || tenant == null || tenant.isEmpty() || tenant.length() > MAX_TENANT_LENGTH) {
      throw UnauthenticatedException.instance();
    }
    KeyDigest digest = KeyDigest.ofKey(key);
    Optional<StoredApikey> found = storage(() -> store.findByDigest(tenant, digest));
    if (found.isEmpty() || !found.get().tenant().equals(tenant)) {
      throw UnauthenticatedException.instance();
    }
    StoredApikey stored = found.get();
    return new Caller(tenant, KEY_CALLER_PREFIX + stored.keyId(), stored.role());
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
    return authorizeAndStore(caller, validator.validate(caller.tenant(), request));
  }

  /**
   * Creates a key from decoded but unchecked fields: what a codec makes of a request body. Besides
   * the checks of {@link #create(Caller, ApikeyRequest)}, reports missing, null, mistyped and unknown
   * fields, all at once.
   *
   * @param caller who asks; the key goes into its tenant
   * @param fields field name to decoded value, e.g. {@code {"name": "ci", "role": "operator"}}
   * @return the new key, shown this once
   * @throws InvalidRequestException with every violation found
   * @throws ForbiddenException if the caller may not create keys or grant the role
   * @throws NameTakenException if the tenant has a key of this name
   * @throws StorageUnavailableException when the store fails; nothing was written
   */
  public CreatedApikey createFromFields(Caller caller, Map<String, ?> fields) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(fields, "fields");
    return authorizeAndStore(caller, validator.validate(caller.tenant(), fields));
  }

  /**
   * Creates a key with no caller, for the host or an operator's command line: the first key of a
   * tenant, or recovery when every admin key is lost. It is recorded with {@code created-by} {@value
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
    if (tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH || tenant.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a tenant is 1 to " + MAX_TENANT_LENGTH + " characters, not blank, no control characters");
    }
    ApikeyRequest valid = validator.validate(tenant, request);
    return store(tenant, valid, BOOTSTRAP_CREATOR);
  }

  /**
   * Lists the keys of the caller's tenant, ordered by name. Never shows a key or its digest.
   *
   * @param caller who asks
   * @return the stored keys of its tenant
   * @throws StorageUnavailableException when the store fails
   */
  public List<StoredApikey> list(Caller caller) {
    Objects.requireNonNull(caller, "caller");
    return storage(() -> store.list(caller.tenant()));
  }

  private CreatedApikey authorizeAndStore(Caller caller, ApikeyRequest request) {
    if (!rolePolicy.mayCreateKeys(caller)) {
      throw new ForbiddenException("your role may not create API keys");
    }
    if (!rolePolicy.mayGrant(caller, request.role())) {
      throw new ForbiddenException("your role may not grant this role");
    }
    return store(caller.tenant(), request, caller.id());
  }

  private CreatedApikey store(String tenant, ApikeyRequest request, String createdBy) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    for (int attempt = 0; attempt < maxKeyAttempts; attempt++) {
      UUID key = Objects.requireNonNull(keyGenerator.newKey(), "the key generator returned null");
      KeyDigest digest = KeyDigest.ofKey(key);
      StoredApikey record =
          new StoredApikey(tenant, request.name(), request.role(), digest, digest.fingerprint(), createdBy, now);
      InsertOutcome outcome = storage(() -> store.insert(record));
      switch (Objects.requireNonNull(outcome, "the store returned no outcome")) {
        case INSERTED:
          return new CreatedApikey(request.role(), request.name(), key, createdBy);
        case NAME_TAKEN:
          throw new NameTakenException(request.name());
        case DIGEST_TAKEN:
          continue;
        default:
          throw new IllegalStateException("unknown outcome " + outcome);
      }
    }
    throw new ApikeyException(
        ErrorCode.INTERNAL, "the key generator produced " + maxKeyAttempts + " keys that were all in use");
  }

  private static <T> T storage(Supplier<T> call) {
    try {
      return call.get();
    } catch (ApikeyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StorageUnavailableException(e);
    }
  }

  @Override
  public String toString() {
    return "ApikeyService[store=" + store.getClass().getSimpleName() + ", roles=" + rolePolicy + "]";
  }

  /** Builds an {@link ApikeyService}; each option may be set once. */
  public static final class Builder {
    private ApikeyStore store;
    private KeyGenerator keyGenerator;
    private RolePolicy rolePolicy;
    private Clock clock;
    private Integer maxNameLength;
    private Integer maxKeyAttempts;

    private Builder() {}

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
      if (store == null) {
        throw new IllegalStateException("an ApikeyService needs a store: call store(...)");
      }
      return new ApikeyService(this);
    }

    private static <T> T once(T current, T value, String option) {
      Objects.requireNonNull(value, option);
      if (current != null) {
        throw new IllegalStateException(option + " is already set");
      }
      return value;
    }
  }
}
