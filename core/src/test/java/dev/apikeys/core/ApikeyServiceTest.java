package dev.apikeys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.KeyGenerator;
import dev.apikeys.core.spi.StoredApikey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The service's own logic, on scripted stores; the contract on real stores is in apikeys-storage-tck. */
class ApikeyServiceTest {
  private static final Caller ADMIN = Caller.of("acme", "alice", "admin");
  private static final UUID K1 = UUID.fromString("11111111-1111-4111-8111-111111111111");
  private static final UUID K2 = UUID.fromString("22222222-2222-4222-8222-222222222222");

  @Test
  void storesTheDigestAndReturnsThePlaintextOnce() {
    ScriptedStore store = new ScriptedStore(InsertOutcome.INSERTED);
    Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:15:30.123456789Z"), ZoneOffset.UTC);
    ApikeyService service = ApikeyService.builder().store(store).keyGenerator(() -> K1).clock(clock).build();

    CreatedApikey created = service.create(ADMIN, new ApikeyRequest("ci", "operator"));

    assertThat(created).isEqualTo(new CreatedApikey("operator", "ci", K1, "alice"));
    StoredApikey stored = store.inserted.get(0);
    assertThat(stored.digest()).isEqualTo(KeyDigest.ofKey(K1));
    assertThat(stored.keyId()).isEqualTo(KeyDigest.ofKey(K1).fingerprint()).hasSize(16);
    assertThat(stored.createdAt()).isEqualTo(Instant.parse("2026-11-27T10:15:30.123Z"));
    assertThat(stored.tenant()).isEqualTo("acme");
    assertThat(stored.createdBy()).isEqualTo("alice");
  }

  @Test
  void retriesWithANewKeyWhenTheDigestIsTaken() {
    ScriptedStore store = new ScriptedStore(InsertOutcome.DIGEST_TAKEN, InsertOutcome.INSERTED);
    Deque<UUID> keys = new ArrayDeque<>(List.of(K1, K2));
    ApikeyService service = ApikeyService.builder().store(store).keyGenerator(keys::pop).build();

    assertThat(service.create(ADMIN, new ApikeyRequest("ci", "operator")).key()).isEqualTo(K2);
    assertThat(store.inserted).extracting(StoredApikey::digest).containsExactly(KeyDigest.ofKey(K1), KeyDigest.ofKey(K2));
  }

  @Test
  void givesUpAsInternalErrorWhenTheGeneratorKeepsRepeatingItself() {
    ScriptedStore store = new ScriptedStore(InsertOutcome.DIGEST_TAKEN, InsertOutcome.DIGEST_TAKEN, InsertOutcome.DIGEST_TAKEN);
    ApikeyService service = ApikeyService.builder().store(store).keyGenerator(() -> K1).maxKeyAttempts(3).build();

    ApikeyException e = catchThrowableOfType(ApikeyException.class, () -> service.create(ADMIN, new ApikeyRequest("ci", "operator")));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(e.getMessage()).doesNotContain(K1.toString());
    assertThat(store.inserted).hasSize(3);
  }

  @Test
  void reportsATakenName() {
    ApikeyService service = ApikeyService.ofDefaults(new ScriptedStore(InsertOutcome.NAME_TAKEN));
    NameTakenException e = catchThrowableOfType(NameTakenException.class, () -> service.create(ADMIN, new ApikeyRequest("ci", "viewer")));
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.name()).isEqualTo("ci");
  }

  @Test
  void wrapsAnyFailureOfTheStoreAsStorageUnavailable() {
    ApikeyStore broken = new ScriptedStore() {
      @Override
      public InsertOutcome insert(StoredApikey key) {
        throw new IllegalStateException("connection refused: secret-host:5432");
      }

      @Override
      public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
        throw new IllegalStateException("pool closed");
      }
    };
    ApikeyService service = ApikeyService.ofDefaults(broken);

    StorageUnavailableException create =
        catchThrowableOfType(StorageUnavailableException.class, () -> service.create(ADMIN, new ApikeyRequest("ci", "viewer")));
    assertThat(create.status()).isEqualTo(503);
    assertThat(create.getMessage()).doesNotContain("secret-host");
    assertThat(create.getCause()).hasMessageContaining("connection refused");
    assertThatThrownBy(() -> service.authenticate("acme", K1.toString())).isInstanceOf(StorageUnavailableException.class);
  }

  @Test
  void letsAFailingKeyGeneratorOrRolePolicyThroughUnwrapped() {
    ScriptedStore store = new ScriptedStore(InsertOutcome.INSERTED);
    KeyGenerator failing = () -> {
      throw new IllegalStateException("entropy source gone");
    };
    ApikeyService service = ApikeyService.builder().store(store).keyGenerator(failing).build();
    assertThatThrownBy(() -> service.create(ADMIN, new ApikeyRequest("ci", "viewer")))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(ApikeyException.class);
    assertThat(store.inserted).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1-1-1-1-1", "not a key", "11111111111141118111111111111111", "11111111-1111-4111-8111-11111111111g"})
  void refusesMalformedKeysWithoutAskingTheStore(String key) {
    ApikeyService service = ApikeyService.ofDefaults(new ValidationTest.UntouchableStore());
    assertThatThrownBy(() -> service.authenticate("acme", key)).isSameAs(UnauthenticatedException.instance());
  }

  @Test
  void refusesMissingOrEmptyHeadersWithoutAskingTheStore() {
    ApikeyService service = ApikeyService.ofDefaults(new ValidationTest.UntouchableStore());
    assertThatThrownBy(() -> service.authenticate(null, K1.toString())).isSameAs(UnauthenticatedException.instance());
    assertThatThrownBy(() -> service.authenticate("", K1.toString())).isSameAs(UnauthenticatedException.instance());
    assertThatThrownBy(() -> service.authenticate("acme", null)).isSameAs(UnauthenticatedException.instance());
    assertThatThrownBy(() -> service.authenticate("t".repeat(257), K1.toString())).isSameAs(UnauthenticatedException.instance());
    assertThatThrownBy(() -> service.authenticate("ac\u0000me", K1.toString())).isSameAs(UnauthenticatedException.instance());
    assertThatThrownBy(() -> service.authenticate("acme\n", K1.toString())).isSameAs(UnauthenticatedException.instance());
  }

  @Test
  void theUnauthenticatedErrorHasNoStackTraceAndOneMessage() {
    UnauthenticatedException e = UnauthenticatedException.instance();
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.errorCode().code()).isEqualTo("unauthenticated");
  }

  @Test
  void forbidsCallersBelowTheMinimumAndEscalation() {
    ApikeyService service = ApikeyService.ofDefaults(new ValidationTest.UntouchableStore());
    assertThatThrownBy(() -> service.create(Caller.of("acme", "v", "viewer"), new ApikeyRequest("ci", "viewer")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("your role may not create API keys");
    assertThatThrownBy(() -> service.create(Caller.of("acme", "o", "operator"), new ApikeyRequest("ci", "admin")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("your role may not grant this role");
  }

  @Test
  void bootstrapKeysSayWhoMadeThem() {
    ScriptedStore store = new ScriptedStore(InsertOutcome.INSERTED);
    ApikeyService service = ApikeyService.builder().store(store).keyGenerator(() -> K1).build();
    assertThat(service.createBootstrapKey("acme", new ApikeyRequest("root", "admin")))
        .isEqualTo(new CreatedApikey("admin", "root", K1, "bootstrap"));
    assertThatThrownBy(() -> service.createBootstrapKey(" ", new ApikeyRequest("root", "admin")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.createBootstrapKey("ac\nme", new ApikeyRequest("root", "admin")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.createBootstrapKey("acme", new ApikeyRequest("root", "root")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void toStringsNeverShowTheKey() {
    CreatedApikey created = new CreatedApikey("admin", "root", K1, "bootstrap");
    assertThat(created.toString()).doesNotContain(K1.toString()).contains("root", "admin", "<redacted>");
    KeyDigest digest = KeyDigest.ofKey(K1);
    assertThat(digest.toString()).isEqualTo("KeyDigest[sha-256]");
    StoredApikey stored = new StoredApikey("acme", "root", "admin", digest, digest.fingerprint(), "bootstrap", Instant.EPOCH);
    assertThat(stored.toString()).doesNotContain(K1.toString()).doesNotContain(java.util.HexFormat.of().formatHex(digest.bytes()));
  }

  @Test
  void builderFailsFastOnMisuse() {
    assertThatThrownBy(() -> ApikeyService.builder().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("store");
    ApikeyService.Builder b = ApikeyService.builder().store(new ScriptedStore());
    assertThatThrownBy(() -> b.store(new ScriptedStore())).isInstanceOf(IllegalStateException.class).hasMessageContaining("already set");
    assertThatThrownBy(() -> b.maxNameLength(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxNameLength(129)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxKeyAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.keyGenerator(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void builderAcceptsEachLimitAtItsBounds() {
    for (int attempts : new int[] {1, 16}) {
      ScriptedStore store = new ScriptedStore(InsertOutcome.INSERTED);
      ApikeyService service = ApikeyService.builder().store(store).maxKeyAttempts(attempts).build();
      assertThat(service.create(ADMIN, new ApikeyRequest("ci", "viewer")).name()).isEqualTo("ci");
    }
    assertThatThrownBy(() -> ApikeyService.builder().maxKeyAttempts(17)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxKeyAttempts must be 1 to 16: 17");
    ApikeyService oneCharacter = ApikeyService.builder().store(new ScriptedStore(InsertOutcome.INSERTED)).maxNameLength(1).build();
    assertThat(oneCharacter.create(ADMIN, new ApikeyRequest("c", "viewer")).name()).isEqualTo("c");
    ApikeyService longest = ApikeyService.builder().store(new ScriptedStore(InsertOutcome.INSERTED)).maxNameLength(128).build();
    assertThat(longest.create(ADMIN, new ApikeyRequest("c".repeat(128), "viewer")).name()).hasSize(128);
  }

  @Test
  void aRolePolicySetOnTheBuilderDecidesWhoCreatesKeys() {
    RoleHierarchy roles = RoleHierarchy.of("reader", "writer", "owner").minimumToCreate("writer");
    ApikeyService service = ApikeyService.builder().rolePolicy(roles).store(new ScriptedStore(InsertOutcome.INSERTED)).build();
    assertThat(service.create(Caller.of("acme", "w", "writer"), new ApikeyRequest("ci", "reader")).role()).isEqualTo("reader");
    assertThatThrownBy(() -> service.create(Caller.of("acme", "r", "reader"), new ApikeyRequest("ci", "reader")))
        .isInstanceOf(ForbiddenException.class);
    assertThat(roles.roles()).containsExactly("reader", "writer", "owner");
  }

  @Test
  void toStringNamesTheStoreAndTheRoles() {
    assertThat(ApikeyService.ofDefaults(new ScriptedStore()).toString())
        .isEqualTo("ApikeyService[store=ScriptedStore, roles=RoleHierarchy[viewer, operator, admin], minimum to create: operator]");
  }

  @Test
  void digestIsSpellingIndependentAndDistinct() {
    assertThat(KeyDigest.ofKey(UUID.fromString(K1.toString().toUpperCase()))).isEqualTo(KeyDigest.ofKey(K1));
    assertThat(KeyDigest.ofKey(K1)).isNotEqualTo(KeyDigest.ofKey(K2));
    assertThat(KeyDigest.of(KeyDigest.ofKey(K1).bytes())).isEqualTo(KeyDigest.ofKey(K1));
    assertThatThrownBy(() -> KeyDigest.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    // SHA-256 of the 16 bytes 00..00: a known vector pins the byte layout.
    assertThat(java.util.HexFormat.of().formatHex(KeyDigest.ofKey(new UUID(0, 0)).bytes()))
        .isEqualTo("374708fff7719dd5979ec875d56cd2286f6d3cf7ec317a3b25632aab28ec37bb");
  }

  /** Answers inserts from a script and records them; finds nothing. */
  static class ScriptedStore implements ApikeyStore {
    final Deque<InsertOutcome> script;
    final List<StoredApikey> inserted = new ArrayList<>();

    ScriptedStore(InsertOutcome... outcomes) {
      script = new ArrayDeque<>(List.of(outcomes));
    }

    @Override
    public InsertOutcome insert(StoredApikey key) {
      inserted.add(key);
      return script.pop();
    }

    @Override
    public Optional<StoredApikey> findByDigest(String tenant, KeyDigest digest) {
      return Optional.empty();
    }

    @Override
    public List<StoredApikey> list(String tenant) {
      return List.of();
    }

    @Override
    public boolean delete(String tenant, String name) {
      return false;
    }
  }
}
