package dev.apikeys.storage.jdbc;

import static org.awaitility.Awaitility.await;

import dev.apikeys.core.spi.ChangeListener;
import dev.apikeys.core.spi.KeyDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What a feed told its listener, in order, and on which thread. */
final class RecordingListener implements ChangeListener {
  /** Longer than anything a feed does when nothing is wrong, on a loaded machine. */
  static final Duration PATIENCE = Duration.ofSeconds(20);

  /** "reset", "upToDate" and "changed", in order. */
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<String> tenants = new CopyOnWriteArrayList<>();
  final List<KeyDigest> digests = new CopyOnWriteArrayList<>();
  /** The {@code asOfNanos} of each {@code upToDate}. */
  final List<Long> upToDates = new CopyOnWriteArrayList<>();
  final AtomicInteger resets = new AtomicInteger();
  volatile Thread thread;
  volatile Runnable onUpToDate = () -> {};
  volatile Runnable onReset = () -> {};

  @Override
  public void changed(String tenant, KeyDigest digest) {
    calls.add("changed");
    tenants.add(tenant);
    digests.add(digest);
  }

  @Override
  public void upToDate(long asOfNanos) {
    calls.add("upToDate");
    upToDates.add(asOfNanos);
    onUpToDate.run();
  }

  @Override
  public void reset() {
    thread = Thread.currentThread();
    calls.add("reset");
    resets.incrementAndGet();
    onReset.run();
  }

  /** The digest a test's change of a tenant's key carries: one per tenant. */
  static KeyDigest digestOf(String tenant) {
    return KeyDigest.ofKey(UUID.nameUUIDFromBytes(tenant.getBytes(StandardCharsets.UTF_8)));
  }

  void awaitUpToDates(int count) {
    await("upToDate " + count + " times").atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
        .until(() -> upToDates.size() >= count);
  }

  void awaitTenants(int count) {
    await(count + " changes").atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> tenants.size() >= count);
  }

  /** Waits for an {@code upToDate} as of a poll that began after {@code nanos}, and returns when it began. */
  long awaitUpToDateAfter(long nanos) {
    await("a poll after " + nanos).atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
        .until(() -> upToDates.stream().anyMatch(asOf -> asOf - nanos > 0));
    return upToDates.stream().filter(asOf -> asOf - nanos > 0).findFirst().orElseThrow();
  }

  /**
   * What a callback does to hold the feed's thread inside it: counts {@code inside} down, then waits
   * for {@code release}, at most {@link #PATIENCE}.
   */
  static Runnable holding(CountDownLatch inside, CountDownLatch release) {
    return () -> {
      inside.countDown();
      try {
        if (!release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the feed's thread");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    };
  }
}
