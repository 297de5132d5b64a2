package dev.apikeys.core;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.AuditSink;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.core.spi.RolePolicy;
import dev.apikeys.core.spi.ServiceListener;
import dev.apikeys.core.spi.StoreFeature;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link ApikeyService.Builder} was given: each option set at most once and checked as it
 * is set, the options checked together against the store when the service is built, and the
 * defaults of those left unset. The builder documents them.
 */
final class ServiceOptions {
  private static final int DEFAULT_MAX_KEY_ATTEMPTS = 4;
  private static final int MAX_KEY_ATTEMPTS = 16;

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

  void listener(ServiceListener listener) {
    this.listener = once(this.listener, listener, "listener");
  }

  void auditSink(AuditSink auditSink) {
    this.auditSink = once(this.auditSink, auditSink, "auditSink");
  }

  void errorListener(Consumer<? super Throwable> errorListener) {
    this.errorListener = once(this.errorListener, errorListener, "errorListener");
  }

  void expiry(boolean allowed) {
    this.expiry = once(this.expiry, allowed, "expiry");
  }

  void maxLifetime(Duration maxLifetime) {
    if (maxLifetime.isNegative() || maxLifetime.isZero()) {
      throw new IllegalArgumentException("maxLifetime must be positive: " + maxLifetime);
    }
    this.maxLifetime = once(this.maxLifetime, maxLifetime, "maxLifetime");
  }

  void lastUseInterval(Duration interval) {
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("lastUseInterval must be at least one second: " + interval);
    }
    this.lastUseInterval = once(this.lastUseInterval, interval, "lastUseInterval");
  }

  void lastUseScheduler(ScheduledExecutorService scheduler) {
    this.lastUseScheduler = once(this.lastUseScheduler, scheduler, "lastUseScheduler");
  }

  void store(ApikeyStore store) {
    this.store = once(this.store, store, "store");
  }

  void keyGenerator(KeyGenerator keyGenerator) {
    this.keyGenerator = once(this.keyGenerator, keyGenerator, "keyGenerator");
  }

  void rolePolicy(RolePolicy rolePolicy) {
    this.rolePolicy = once(this.rolePolicy, rolePolicy, "rolePolicy");
  }

  void clock(Clock clock) {
    this.clock = once(this.clock, clock, "clock");
  }

  void maxNameLength(int maxNameLength) {
    if (maxNameLength < 1 || maxNameLength > ApikeyService.DEFAULT_MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "maxNameLength must be 1 to " + ApikeyService.DEFAULT_MAX_NAME_LENGTH + ": " + maxNameLength);
    }
    this.maxNameLength = once(this.maxNameLength, maxNameLength, "maxNameLength");
  }

  void maxKeyAttempts(int maxKeyAttempts) {
    if (maxKeyAttempts < 1 || maxKeyAttempts > MAX_KEY_ATTEMPTS) {
      throw new IllegalArgumentException("maxKeyAttempts must be 1 to " + MAX_KEY_ATTEMPTS + ": " + maxKeyAttempts);
    }
    this.maxKeyAttempts = once(this.maxKeyAttempts, maxKeyAttempts, "maxKeyAttempts");
  }

  private static <T> T once(@Nullable T current, T value, String option) {
    Objects.requireNonNull(value, option);
    if (current != null) {
      throw new IllegalStateException(option + " is already set");
    }
    return value;
  }

  /**
   * The store, once the options are known to work together and with it.
   *
   * @throws IllegalStateException if there is no store, or an option needs what the store or
   *     another option lacks
   */
  ApikeyStore checkedStore() {
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
    return store;
  }

  KeyGenerator keyGenerator() {
    return keyGenerator != null ? keyGenerator : KeyGenerator.secureRandom();
  }

  RolePolicy rolePolicy() {
    return rolePolicy != null ? rolePolicy : RoleHierarchy.viewerOperatorAdmin();
  }

  Clock clock() {
    return clock != null ? clock : Clock.systemUTC();
  }

  int maxNameLength() {
    return maxNameLength != null ? maxNameLength : ApikeyService.DEFAULT_MAX_NAME_LENGTH;
  }

  int maxKeyAttempts() {
    return maxKeyAttempts != null ? maxKeyAttempts : DEFAULT_MAX_KEY_ATTEMPTS;
  }

  /** Whether requests may give an expiry: unless set, whether the store keeps one. */
  boolean expiry(ApikeyStore store) {
    return expiry != null ? expiry : store.features().contains(StoreFeature.EXPIRY);
  }

  @Nullable Duration maxLifetime() {
    return maxLifetime;
  }

  @Nullable AuditSink auditSink() {
    return auditSink;
  }

  @Nullable Consumer<? super Throwable> errorListener() {
    return errorListener;
  }

  /** Null when last use is not tracked. */
  @Nullable Duration lastUseInterval() {
    return lastUseInterval;
  }

  @Nullable ScheduledExecutorService lastUseScheduler() {
    return lastUseScheduler;
  }

  @Nullable ServiceListener listener() {
    return listener;
  }
}
