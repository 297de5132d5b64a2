package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.testsupport.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Last use is written in the background, best-effort: a write the store refuses must not fail a
 * request, and must not go unnoticed either. The host is told through the service's error
 * listener, without a key or a digest.
 */
class LastUseFailureTest {
  static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

  /** A store whose last-use writes fail, with a message that names nothing secret. */
  static final class RefusingStore extends LifecycleTest.FirstVersionStore {
    final AtomicInteger attempts = new AtomicInteger();

    @Override
    public Set<StoreFeature> features() {
      return Set.of(StoreFeature.LAST_USE);
    }

    @Override
    public void recordLastUse(Map<KeyDigest, Instant> uses) {
      attempts.incrementAndGet();
      throw new IllegalStateException("the database is down");
    }
  }


  private final RefusingStore store = new RefusingStore();
  private final MutableClock clock = new MutableClock(START);
  private final BlockingQueue<Throwable> reported = new LinkedBlockingQueue<>();

  private static Throwable next(BlockingQueue<Throwable> reported) throws InterruptedException {
    Throwable t = reported.poll(30, TimeUnit.SECONDS);
    assertThat(t).as("a report within 30 s").isNotNull();
    return t;
  }

  /** The exception as a host's log would show it: messages, causes and stack traces. */
  private static String logged(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** Neither the key, in any spelling, nor its digest, in hex or base64, is in the text. */
  private static void assertNoSecretOf(UUID key, String text) {
    byte[] digest = KeyDigest.ofKey(key).bytes();
    List<String> secrets = List.of(key.toString(), key.toString().replace("-", ""), HexFormat.of().formatHex(digest),
        Base64.getEncoder().encodeToString(digest), Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    String lower = text.toLowerCase(Locale.ROOT);
    for (String secret : secrets) {
      if (lower.contains(secret.toLowerCase(Locale.ROOT)) || text.contains(secret)) {
        // the message names the spelling, not the secret: test output is scanned for keys
        throw new AssertionError("a secret is in what the host was told, spelled " + secrets.indexOf(secret));
      }
    }
  }

  @Test
  void aLastUseWriteThatFailsInTheBackgroundReachesTheErrorListener() throws InterruptedException {
    try (ApikeyService service = ApikeyService.builder().store(store).clock(clock).lastUseInterval(Duration.ofSeconds(1))
        .errorListener(reported::add).build()) {
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      service.authenticate("acme", root.key().toString());

      Throwable failure = next(reported); // the background thread's first run, about a second from now
      assertThat(failure).isInstanceOf(StorageUnavailableException.class)
          .hasMessage("recording when 1 key was last used failed; it is tried again on the next run")
          .hasCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("the database is down");
      assertThat(((ApikeyException) failure).errorCode()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
      assertNoSecretOf(root.key(), logged(failure));

      Throwable again = next(reported);
      assertThat(again).as("the use is kept and tried again, and each failure is told").hasMessageContaining("1 key");
      assertThat(store.attempts.get()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void authenticationSucceedsWhileLastUseWritesFail() throws InterruptedException {
    try (ApikeyService service = ApikeyService.builder().store(store).clock(clock).lastUseInterval(Duration.ofSeconds(1))
        .errorListener(reported::add).build()) {
      CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
      CreatedApikey ci = service.createBootstrapKey("acme", new ApikeyRequest("ci", "viewer"));
      for (int round = 0; round < 2; round++) {
        assertThat(service.authenticate("acme", root.key().toString()).role()).isEqualTo("admin");
        assertThat(service.authenticate("acme", ci.key().toString()).role()).isEqualTo("viewer");
        Throwable failure = next(reported);
        assertThat(failure).isInstanceOf(StorageUnavailableException.class).hasMessageStartingWith("recording when");
        assertNoSecretOf(root.key(), logged(failure));
        assertNoSecretOf(ci.key(), logged(failure));
        clock.advance(Duration.ofMinutes(1));
      }
      assertThat(service.authenticate("acme", root.key().toString()).tenant()).isEqualTo("acme");
      assertThatThrownBy(service::flushLastUse).as("a flush the host asks for fails to the host")
          .isInstanceOf(StorageUnavailableException.class);
    }
  }

  @Test
  void closingTellsTheErrorListenerOfLastUseItCouldNotWrite() {
    ApikeyService service = ApikeyService.builder().store(store).clock(clock).lastUseInterval(Duration.ofHours(1))
        .errorListener(reported::add).build();
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    service.authenticate("acme", root.key().toString());

    assertThatCode(service::close).doesNotThrowAnyException();

    // close() writes on the caller's thread: what it could not write is reported before it returns
    assertThat(reported).singleElement().satisfies(failure -> {
      assertThat(failure).isInstanceOf(StorageUnavailableException.class)
          .hasMessage("recording when 1 key was last used failed; it is lost, as the service is closing");
      assertNoSecretOf(root.key(), logged(failure));
    });
  }

  @Test
  void closingTellsHowManyKeysLastUseWasLostFor() {
    ApikeyService service = ApikeyService.builder().store(store).clock(clock).lastUseInterval(Duration.ofHours(1))
        .errorListener(reported::add).build();
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    CreatedApikey ci = service.createBootstrapKey("acme", new ApikeyRequest("ci", "viewer"));
    service.authenticate("acme", root.key().toString());
    service.authenticate("acme", ci.key().toString());

    service.close();

    assertThat(reported).singleElement().satisfies(failure -> assertThat(failure)
        .hasMessage("recording when 2 keys were last used failed; they are lost, as the service is closing"));
  }

  @Test
  void anErrorListenerThatThrowsChangesNothing() {
    ApikeyService service = ApikeyService.builder().store(store).clock(clock).lastUseInterval(Duration.ofHours(1))
        .errorListener(t -> {
          throw new IllegalStateException("the log is full");
        }).build();
    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));

    assertThat(service.authenticate("acme", root.key().toString()).role()).isEqualTo("admin");
    assertThatCode(service::close).doesNotThrowAnyException();
    assertThat(store.attempts.get()).isEqualTo(1);
  }

  @Test
  void anAuditSinkThatThrowsIsToldToTheErrorListenerAndChangesNoAnswer() {
    RuntimeException sinkFailure = new IllegalStateException("the audit queue is full");
    ApikeyService service = ApikeyService.builder().store(new LifecycleTest.FirstVersionStore()).auditSink(event -> {
      throw sinkFailure;
    }).errorListener(reported::add).build();

    CreatedApikey root = service.createBootstrapKey("acme", new ApikeyRequest("root", "admin"));
    assertThatThrownBy(() -> service.authenticate("acme", "not a key")).isInstanceOf(UnauthenticatedException.class);

    assertThat(root.name()).isEqualTo("root");
    assertThat(reported).containsExactly(sinkFailure, sinkFailure);
  }

  @Test
  void theErrorListenerIsSetOnce() {
    ApikeyService.Builder b = ApikeyService.builder().store(store).errorListener(reported::add);
    assertThatThrownBy(() -> b.errorListener(reported::add)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("errorListener is already set");
    assertThatThrownBy(() -> ApikeyService.builder().errorListener(null)).isInstanceOf(NullPointerException.class);
  }
}
