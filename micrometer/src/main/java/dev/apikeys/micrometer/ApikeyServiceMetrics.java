package dev.apikeys.micrometer;

import dev.apikeys.core.ApikeyService;
import dev.apikeys.core.ErrorCode;
import dev.apikeys.core.spi.ServiceListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The meters of an {@link ApikeyService}, as its {@link ServiceListener}:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code apikeys.authenticate}</td><td>timer</td><td>{@code outcome}</td><td>every
 *       authentication: {@code success}, {@code refused} (401) or {@code failed} (the store is
 *       unavailable)</td></tr>
 *   <tr><td>{@code apikeys.create}, {@code apikeys.list}, {@code apikeys.revoke},
 *       {@code apikeys.rotate}</td><td>timer</td>
 *       <td>{@code outcome}</td><td>each operation, the same way</td></tr>
 *   <tr><td>{@code apikeys.refusals}</td><td>counter</td><td>{@code operation}, {@code
 *       reason}</td><td>refused operations by error code: {@code unauthenticated}, {@code
 *       forbidden}, {@code invalid-request}, {@code name-taken}, {@code not-found}, {@code
 *       last-administrator}</td></tr>
 *   <tr><td>{@code apikeys.last.use.backlog}</td><td>gauge</td><td></td><td>keys whose last use is
 *       noted and not yet written ({@link ApikeyService#lastUseBacklog()})</td></tr>
 * </table>
 *
 * <pre>{@code
 * ApikeyService service = ApikeyService.builder()
 *     .store(store)
 *     .listener(new ApikeyServiceMetrics(registry))
 *     .build();
 * }</pre>
 *
 * Timers register for every operation and outcome at once, so that rates exist from the start;
 * a refusal counter registers at its first refusal. Timers are in the registry's base time unit
 * (seconds in Prometheus: {@code apikeys_authenticate_seconds_count{outcome="success"}}).
 * Refusals that happen before the service is called (404, 405, 406, 413, 415, a malformed body)
 * are the HTTP layer's and are not counted here. No meter carries a tenant, a name or a key.
 */
public final class ApikeyServiceMetrics implements ServiceListener {
  private final MeterRegistry registry;
  private final Tags tags;
  /** By operation, then outcome; filled in the constructor, read only after. */
  private final Map<Operation, Map<Outcome, Timer>> timers = new EnumMap<>(Operation.class);
  /** By operation, then error code; a counter registers at its first refusal. */
  private final Map<Operation, Map<ErrorCode, Counter>> refusals = new EnumMap<>(Operation.class);

  /**
   * Meters in {@code registry}.
   *
   * @param registry where the meters go
   */
  public ApikeyServiceMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /**
   * Meters in {@code registry}, each with {@code tags} besides its own: to tell several services
   * of one process apart.
   *
   * @param registry where the meters go
   * @param tags added to every meter
   */
  public ApikeyServiceMetrics(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    for (Operation operation : Operation.values()) {
      Map<Outcome, Timer> byOutcome = new EnumMap<>(Outcome.class);
      for (Outcome outcome : Outcome.values()) {
        byOutcome.put(outcome, Timer.builder(timerName(operation))
            .description("Time taken by " + lower(operation) + ", by outcome")
            .tags(this.tags).tag("outcome", lower(outcome))
            .register(registry));
      }
      timers.put(operation, byOutcome);
      refusals.put(operation, new ConcurrentHashMap<>());
    }
  }

  /**
   * The name of an operation's timer: {@code apikeys.} and the operation in lower case, such as
   * {@code apikeys.authenticate}.
   *
   * @param operation the operation
   * @return the timer's name
   */
  public static String timerName(Operation operation) {
    return "apikeys." + lower(operation);
  }

  @Override
  public void completed(Operation operation, Outcome outcome, @Nullable ErrorCode error, long nanos) {
    Objects.requireNonNull(Objects.requireNonNull(timers.get(operation)).get(outcome)).record(nanos, TimeUnit.NANOSECONDS);
    if (outcome == Outcome.REFUSED && error != null) {
      Objects.requireNonNull(refusals.get(operation)).computeIfAbsent(error, code -> Counter.builder("apikeys.refusals")
          .description("Operations the service refused, by error code")
          .tags(tags).tag("operation", lower(operation)).tag("reason", code.code())
          .register(registry)).increment();
    }
  }

  /** Registers the last-use backlog of the service; the gauge does not keep the service alive. */
  @Override
  public void registered(ApikeyService service) {
    Gauge.builder("apikeys.last.use.backlog", service, ApikeyService::lastUseBacklog)
        .description("Keys whose last use is noted and not yet written to the store")
        .baseUnit("keys")
        .tags(tags)
        .register(registry);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "ApikeyServiceMetrics[" + registry.getClass().getSimpleName() + (tags.stream().findAny().isPresent() ? ", " + tags : "")
        + "]";
  }
}
