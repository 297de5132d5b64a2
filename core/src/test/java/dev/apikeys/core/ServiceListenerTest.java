package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.ServiceListener;
import dev.apikeys.core.spi.ServiceListener.Operation;
import dev.apikeys.core.spi.ServiceListener.Outcome;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The service tells its listener how each operation ended and how long it took. */
class ServiceListenerTest {
  private static final Caller ADMIN = Caller.of("acme", "alice", "admin");
  private static final Caller VIEWER = Caller.of("acme", "bob", "viewer");

  /** One call of {@link ServiceListener#completed}. */
  record Call(Operation operation, Outcome outcome, @Nullable ErrorCode error, long nanos) {}

  /** Keeps every call. */
  static final class Recording implements ServiceListener {
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<ApikeyService> registered = new CopyOnWriteArrayList<>();

    @Override
    public void completed(Operation operation, Outcome outcome, @Nullable ErrorCode error, long nanos) {
      calls.add(new Call(operation, outcome, error, nanos));
    }

    @Override
    public void registered(ApikeyService service) {
      registered.add(service);
    }

    Call last() {
      return calls.get(calls.size() - 1);
    }
  }

  /** A store whose lookups take at least 5 ms of the clock the service times with. */
  static final class SlowLookupStore extends LifecycleTest.FirstVersionStore {
    @Override
    public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
      while (System.nanoTime() < until) {
        Thread.onSpinWait(); // spinning, not sleeping: the point is the time the service measures
      }
      return super.findByDigest(tenant, digest);
    }
  }

  /** A store whose lookups fail. */
  static final class FailingLookupStore extends LifecycleTest.FirstVersionStore {
    @Override
    public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
      throw new IllegalStateException("the database is down");
    }
  }

  private final Recording listener = new Recording();

  @Test
  void authenticateIsTimedByOutcome() {
    ApikeyService service = ApikeyService.builder().store(new SlowLookupStore()).listener(listener).build();
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));

    service.authenticate("acme", root.key().toString());
    assertThat(listener.last()).satisfies(call -> {
      assertThat(call.operation()).isEqualTo(Operation.AUTHENTICATE);
      assertThat(call.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(call.error()).isNull();
      assertThat(call.nanos()).as("the store's 5 ms are in the time").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
    });

    assertThatThrownBy(() -> service.authenticate("other", root.key().toString())).isInstanceOf(UnauthenticatedException.class);
    assertThat(listener.last()).isEqualTo(new Call(Operation.AUTHENTICATE, Outcome.REFUSED, ErrorCode.UNAUTHENTICATED,
        listener.last().nanos()));

    assertThatThrownBy(() -> service.authenticate("acme", "not-a-key")).isInstanceOf(UnauthenticatedException.class);
    assertThat(listener.last().outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(listener.calls).extracting(Call::operation)
        .containsExactly(Operation.CREATE, Operation.AUTHENTICATE, Operation.AUTHENTICATE, Operation.AUTHENTICATE);
  }

  @Test
  void aStoreThatFailsIsAFailureNotARefusal() {
    ApikeyService service = ApikeyService.builder().store(new FailingLookupStore()).listener(listener).build();

    assertThatThrownBy(() -> service.authenticate("acme", "3f2b8c1d-9e4a-4b7f-8c6d-2a1e0f9b7c5d"))
        .isInstanceOf(StorageUnavailableException.class);

    assertThat(listener.calls).singleElement().satisfies(call -> {
      assertThat(call.operation()).isEqualTo(Operation.AUTHENTICATE);
      assertThat(call.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(call.error()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
    });
  }

  @Test
  void createListAndRevokeAreTimedWithTheReasonOfEachRefusal() {
    ApikeyService service = ApikeyService.builder().store(new LifecycleTest.FirstVersionStore()).listener(listener).build();
    service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    service.create(ADMIN, new ApikeyRequest("ci", "operator"));
    assertThatThrownBy(() -> service.create(ADMIN, new ApikeyRequest("", "nobody"))).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> service.create(VIEWER, new ApikeyRequest("x", "viewer"))).isInstanceOf(ForbiddenException.class);
    service.list(ADMIN, null, 10);
    service.revoke(ADMIN, "ci");
    assertThatThrownBy(() -> service.revoke(ADMIN, "ci")).isInstanceOf(ApikeyException.class);
    assertThatThrownBy(() -> service.revoke(ADMIN, "root")).isInstanceOf(ApikeyException.class);

    assertThat(listener.calls).extracting(c -> c.operation() + " " + c.outcome() + " " + c.error()).containsExactly(
        "CREATE SUCCESS null",
        "CREATE SUCCESS null",
        "CREATE REFUSED INVALID_REQUEST",
        "CREATE REFUSED FORBIDDEN",
        "LIST SUCCESS null",
        "REVOKE SUCCESS null",
        "REVOKE REFUSED NOT_FOUND",
        "REVOKE REFUSED LAST_ADMINISTRATOR");
    assertThat(listener.calls).allSatisfy(call -> assertThat(call.nanos()).isPositive());
  }

  @Test
  void listAllIsOneListPerPage() {
    ApikeyService service = ApikeyService.builder().store(new LifecycleTest.FirstVersionStore()).listener(listener).build();
    for (int i = 0; i < ApikeyService.MAX_PAGE_SIZE + 1; i++) {
      service.createBootstrapKey("acme", new ApikeyRequest("k" + i, "viewer"));
    }
    listener.calls.clear();

    assertThat(service.listAll(ADMIN)).hasSize(ApikeyService.MAX_PAGE_SIZE + 1);

    assertThat(listener.calls).extracting(Call::operation).containsExactly(Operation.LIST, Operation.LIST);
  }

  @Test
  void aFirstKeyAtStartIsNotTimed() {
    ApikeyService service = ApikeyService.builder().store(new LifecycleTest.FirstVersionStore()).listener(listener).build();

    assertThat(service.createFirstKey("acme", new ApikeyRequest("root", "admin"))).isPresent();
    assertThat(service.createFirstKey("acme", new ApikeyRequest("root", "admin"))).isEmpty();

    assertThat(listener.calls).isEmpty();
  }

  @Test
  void anOperationThatIsAMisuseOfTheApiIsNotTimed() {
    ApikeyService service = ApikeyService.builder().store(new LifecycleTest.FirstVersionStore()).listener(listener).build();

    assertThatThrownBy(() -> service.list(ADMIN, null, 0)).isInstanceOf(IllegalArgumentException.class);

    assertThat(listener.calls).isEmpty();
  }

  @Test
  void aListenerThatThrowsChangesNoAnswerAndIsReported() {
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    RuntimeException broken = new IllegalStateException("the registry is closed");
    ApikeyService service = ApikeyService.builder().store(new LifecycleTest.FirstVersionStore()).errorListener(reported::add)
        .listener(new ServiceListener() {
          @Override
          public void completed(Operation operation, Outcome outcome, @Nullable ErrorCode error, long nanos) {
            throw broken;
          }
        }).build();

    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    assertThat(service.authenticate("acme", root.key().toString()).role()).isEqualTo("admin");
    assertThatThrownBy(() -> service.authenticate("acme", "nope")).isInstanceOf(UnauthenticatedException.class);

    assertThat(reported).containsExactly(broken, broken, broken);
  }

  @Test
  void theListenerIsToldOfTheServiceOnceItIsBuilt() {
    ApikeyService service = ApikeyService.builder().store(new LifecycleTest.FirstVersionStore()).listener(listener).build();

    assertThat(listener.registered).containsExactly(service);
  }

  @Test
  void aListenerThatCannotRegisterFailsTheBuild() {
    ServiceListener refusing = new ServiceListener() {
      @Override
      public void registered(ApikeyService service) {
        throw new IllegalArgumentException("a meter of this name exists with other tags");
      }
    };

    assertThatThrownBy(() -> ApikeyService.builder().store(new LastUseFailureTest.RefusingStore())
        .lastUseInterval(Duration.ofHours(1)).listener(refusing).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other tags");
  }

  @Test
  void theListenerIsSetOnce() {
    ApikeyService.Builder builder = ApikeyService.builder().listener(listener);

    assertThatThrownBy(() -> builder.listener(listener)).isInstanceOf(IllegalStateException.class)
        .hasMessage("listener is already set");
  }

  @Test
  void theLastUseBacklogCountsKeysNotYetWritten() {
    LastUseFailureTest.RefusingStore store = new LastUseFailureTest.RefusingStore();
    try (ApikeyService service = ApikeyService.builder().store(store).lastUseInterval(Duration.ofHours(1)).build()) {
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      CreatedApikey ci = service.createBootstrapKey("acme", new ApikeyRequest("ci", "viewer"));
      assertThat(service.lastUseBacklog()).isZero();

      service.authenticate("acme", root.key().toString());
      service.authenticate("acme", root.key().toString());
      service.authenticate("acme", ci.key().toString());
      assertThat(service.lastUseBacklog()).isEqualTo(2);

      assertThatThrownBy(service::flushLastUse).isInstanceOf(StorageUnavailableException.class);
      assertThat(service.lastUseBacklog()).as("kept for the next run").isEqualTo(2);
    }
  }

  @Test
  void withoutLastUseTheBacklogIsZero() {
    ApikeyService service = ApikeyService.ofDefaults(new LifecycleTest.FirstVersionStore());
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    service.authenticate("acme", root.key().toString());

    assertThat(service.lastUseBacklog()).isZero();
  }

  @Test
  void eachTimeIsNoLongerThanTheCallsTookAndAnInternalErrorIsAFailure() {
    dev.apikeys.core.spi.RotatingStore store = new dev.apikeys.core.spi.RotatingStore();
    ApikeyService service = ApikeyService.builder().store(store).listener(listener).maxKeyAttempts(1).build();
    long start = System.nanoTime();
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    Caller admin = service.authenticate("acme", root.key().toString());
    assertThatThrownBy(() -> service.authenticate("acme", "not-a-key")).isInstanceOf(UnauthenticatedException.class);
    store.digestsTaken = 1;
    assertThatThrownBy(() -> service.rotate(admin, "root", Duration.ZERO)).isInstanceOf(ApikeyException.class);
    assertThatThrownBy(() -> service.create(VIEWER, new ApikeyRequest("x", "viewer"))).isInstanceOf(ForbiddenException.class);
    long elapsed = System.nanoTime() - start;

    assertThat(listener.calls).extracting(c -> c.operation() + " " + c.outcome() + " " + c.error()).containsExactly(
        "CREATE SUCCESS null",
        "AUTHENTICATE SUCCESS null",
        "AUTHENTICATE REFUSED UNAUTHENTICATED",
        "ROTATE FAILED INTERNAL",
        "CREATE REFUSED FORBIDDEN");
    assertThat(listener.calls).allSatisfy(call -> assertThat(call.nanos()).isBetween(0L, elapsed));
  }
}
