package dev.apikeys.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.apikeys.core.StorageUnavailableException;
import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.KeyDigest;
import dev.apikeys.core.spi.RevokeOutcome;
import dev.apikeys.core.spi.RotateOutcome;
import dev.apikeys.core.spi.Rotation;
import dev.apikeys.core.spi.StoreFeature;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.jdbc.internal.SchemaScript;
import dev.apikeys.storage.jdbc.internal.Statements;
import dev.apikeys.storage.tck.ApikeyStoreContract;
import dev.apikeys.storage.tck.StoredKeys;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.HashPrefixSqlParser;
import org.jdbi.v3.core.statement.SqlStatements;
import org.junit.jupiter.api.Test;

/**
 * The store contract plus what only a database can get wrong: how text compares, how constraint
 * violations map, how timestamps round-trip, what a failing database does. One subclass per
 * database.
 */
abstract class JdbcStoreContract extends ApikeyStoreContract {
  /** The database of the subclass, registered there as a static extension. */
  abstract TestDatabase database();

  @Override
  protected ApikeyStore newStore() {
    return database().newStore();
  }

  @Test
  void everyInsertAndDeleteIsPublishedForTheFeedsAndOldChangesArePruned() {
    org.junit.jupiter.api.Assumptions.assumeTrue(database().dialect() != Dialect.POSTGRESQL, "PostgreSQL notifies: no change table");
    String changes = database().table() + "_changes";
    publishOldChange();
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(database().count("SELECT COUNT(*) FROM " + changes)).as("the old change pruned, the insert's kept").isEqualTo(1);
    assertThat(store.delete("acme", "ci")).isTrue();
    assertThat(database().count("SELECT COUNT(*) FROM " + changes + " WHERE tenant = 'acme'")).isEqualTo(2);
    assertThat(store.insert(StoredKeys.key("acme", "ci"))).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.insert(StoredKeys.key("acme", "ci"))).as("a refused insert publishes nothing").isEqualTo(InsertOutcome.NAME_TAKEN);
    assertThat(database().count("SELECT COUNT(*) FROM " + changes)).isEqualTo(3);
  }

  /** Housekeeping costs a write a statement at most once in ten seconds per store, not every time. */
  @Test
  void aStorePrunesOldChangesAtMostOnceInTenSeconds() {
    org.junit.jupiter.api.Assumptions.assumeTrue(database().dialect() != Dialect.POSTGRESQL, "PostgreSQL notifies: no change table");
    publishOldChange();
    assertThat(store.insert(StoredKeys.key("acme", "a"))).isEqualTo(InsertOutcome.INSERTED);
    assertThat(oldChanges()).as("pruned by the store's first write").isZero();

    publishOldChange();
    assertThat(store.insert(StoredKeys.key("acme", "b"))).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.delete("acme", "a")).isTrue();
    assertThat(oldChanges()).as("left for the store's next prune, ten seconds after its last").isEqualTo(1);

    JdbiApikeyStore other = JdbiApikeyStore.builder(database().dataSource()).table(database().table()).build();
    assertThat(other.delete("acme", "b")).isTrue();
    assertThat(oldChanges()).as("pruned by another store, which had not pruned yet").isZero();
  }

  @Test
  void aDeleteARevokeAndARotationPruneOldChangesWhenDueButAWriteThatChangesNothingDoesNot() {
    org.junit.jupiter.api.Assumptions.assumeTrue(database().dialect() != Dialect.POSTGRESQL, "PostgreSQL notifies: no change table");
    for (String name : List.of("deleted", "revoked", "rotated", "taken")) {
      assertThat(store.insert(StoredKeys.key("acme", name))).isEqualTo(InsertOutcome.INSERTED);
    }
    StoredApikey next = StoredKeys.key("acme", "rotated");

    publishOldChange();
    JdbiApikeyStore deleting = dueStore();
    assertThat(deleting.delete("acme", "missing")).isFalse();
    assertThat(oldChanges()).isEqualTo(1);
    assertThat(deleting.delete("acme", "deleted")).isTrue();
    assertThat(oldChanges()).isZero();

    publishOldChange();
    JdbiApikeyStore revoking = dueStore();
    assertThat(revoking.revoke("acme", "revoked", (key, keys) -> RevokeOutcome.LAST_ADMINISTRATOR)).isEqualTo(RevokeOutcome.LAST_ADMINISTRATOR);
    assertThat(oldChanges()).isEqualTo(1);
    assertThat(revoking.revoke("acme", "revoked", (key, keys) -> RevokeOutcome.REVOKED)).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(oldChanges()).isZero();

    publishOldChange();
    JdbiApikeyStore rotating = dueStore();
    assertThat(rotating.rotate("acme", "rotated", current -> null)).isEqualTo(RotateOutcome.FORBIDDEN);
    assertThat(oldChanges()).isEqualTo(1);
    assertThat(rotating.rotate("acme", "rotated", to(next))).isEqualTo(RotateOutcome.ROTATED);
    assertThat(oldChanges()).isZero();

    publishOldChange();
    JdbiApikeyStore inserting = dueStore();
    assertThat(inserting.insert(StoredKeys.key("acme", "taken"))).isEqualTo(InsertOutcome.NAME_TAKEN);
    assertThat(oldChanges()).isEqualTo(1);
    assertThat(inserting.insert(StoredKeys.key("acme", "new"))).isEqualTo(InsertOutcome.INSERTED);
    assertThat(oldChanges()).isZero();
  }

  @Test
  void eachWritePublishesTheDigestOfEveryKeyItChangedAPreviousKeysToo() {
    org.junit.jupiter.api.Assumptions.assumeTrue(database().dialect() != Dialect.POSTGRESQL, "PostgreSQL notifies: no change table");
    StoredApikey first = StoredKeys.key("acme", "ci");
    StoredApikey second = StoredKeys.key("acme", "ci");
    StoredApikey third = StoredKeys.key("acme", "ci");

    assertThat(published(() -> store.insert(first))).containsExactly(first.digest());
    assertThat(published(() -> store.rotate("acme", "ci", to(second)))).containsExactlyInAnyOrder(first.digest(), second.digest());
    // The key replaced, its previous key dropped, the new key.
    assertThat(published(() -> store.rotate("acme", "ci", to(third))))
        .containsExactlyInAnyOrder(second.digest(), first.digest(), third.digest());
    assertThat(published(() -> store.delete("acme", "ci"))).containsExactlyInAnyOrder(third.digest(), second.digest());
    assertThat(store.insert(first)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.rotate("acme", "ci", to(second))).isEqualTo(RotateOutcome.ROTATED);
    assertThat(published(() -> store.revoke("acme", "ci", (key, keys) -> RevokeOutcome.REVOKED)))
        .containsExactlyInAnyOrder(second.digest(), first.digest());
  }

  /** The digests of the changes published while {@code write} ran. */
  private List<KeyDigest> published(Runnable write) {
    String changes = database().table() + "_changes";
    long before = database().count("SELECT COALESCE(MAX(id), 0) FROM " + changes);
    write.run();
    List<KeyDigest> digests = new ArrayList<>();
    try (Connection connection = database().dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT key_digest FROM " + changes + " WHERE id > ? ORDER BY id")) {
      query.setLong(1, before);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          digests.add(KeyDigest.of(rows.getBytes(1)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return digests;
  }

  /** A rotation to {@code next}'s key, the current key kept as the previous one for a minute. */
  static Rotation to(StoredApikey next) {
    return current -> new StoredApikey(current.tenant(), current.name(), current.role(), next.digest(), next.keyId(), null,
        "rotator", next.createdAt(), null, null, current.asPreviousUntil(next.createdAt().plusSeconds(60)));
  }

  /** A new store on the class's table: its first write that changes a key prunes. */
  private JdbiApikeyStore dueStore() {
    return JdbiApikeyStore.builder(database().dataSource()).table(database().table()).build();
  }

  /** Adds a change of two minutes ago to the change table, as a store would have left it. */
  private void publishOldChange() {
    String old = database().dialect() == Dialect.MARIADB ? "UTC_TIMESTAMP(3) - INTERVAL 2 MINUTE" : "DATEADD(MINUTE, -2, CURRENT_TIMESTAMP(3))";
    database().execute("INSERT INTO " + database().table() + "_changes (tenant, key_digest, changed_at) VALUES ('old', X'"
        + "00".repeat(32) + "', " + old + ")");
  }

  /** How many changes of {@link #publishOldChange()} are left. */
  private long oldChanges() {
    return database().count("SELECT COUNT(*) FROM " + database().table() + "_changes WHERE tenant = 'old'");
  }

  @Test
  void hasEveryFeatureSoThatNoLifecycleTestOfTheContractIsSkipped() {
    assertThat(store.features()).isEqualTo(EnumSet.allOf(StoreFeature.class));
  }

  @Test
  void detectsItsDialectFromTheDatabase() {
    assertThat(JdbiApikeyStore.builder(database().dataSource()).table(database().table()).build().dialect())
        .isEqualTo(database().dialect());
  }

  @Test
  void takenNameInTheSameTenantIsNameTakenAndWritesNothing() {
    StoredApikey first = StoredKeys.key("acme", "ci");
    StoredApikey second = StoredKeys.key("acme", "ci");
    assertThat(store.insert(first)).isEqualTo(InsertOutcome.INSERTED);

    assertThat(store.insert(second)).isEqualTo(InsertOutcome.NAME_TAKEN);

    assertThat(store.findByDigest("acme", second.digest())).isEmpty();
    assertThat(store.list("acme")).containsExactly(first);
    assertThat(database().rowCount()).isEqualTo(1);
  }

  @Test
  void takenDigestInAnotherTenantIsDigestTakenAndWritesNothing() {
    UUID key = UUID.randomUUID();
    assertThat(store.insert(StoredKeys.key("acme", "ci", key))).isEqualTo(InsertOutcome.INSERTED);

    assertThat(store.insert(StoredKeys.key("globex", "deploy", key))).isEqualTo(InsertOutcome.DIGEST_TAKEN);

    assertThat(store.list("globex")).isEmpty();
    assertThat(database().rowCount()).isEqualTo(1);
  }

  @Test
  void sameKeyInsertedTwiceIsNameTakenSinceATakenNameIsFinal() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.NAME_TAKEN);
    assertThat(database().rowCount()).isEqualTo(1);
  }

  @Test
  void namesAndTenantsDifferingOnlyInCaseAreDifferent() {
    assertDistinct("Ci", "ci", "CI", "cI");
  }

  @Test
  void namesAndTenantsDifferingOnlyInAccentsOrUnicodeNormalisationAreDifferent() {
    // é precomposed (NFC), e + combining acute (NFD), plain e, and the ligature ﬁ against "fi".
    assertDistinct("caf\u00e9", "cafe\u0301", "cafe", "\ufb01le", "file");
  }

  @Test
  void namesAndTenantsDifferingOnlyInTrailingOrLeadingSpaceAreDifferent() {
    assertDistinct("ci", "ci ", " ci", "ci\u00a0");
  }

  /** Each string as a name in one tenant, and as a tenant with one name: all distinct, all found. */
  private void assertDistinct(String... texts) {
    List<StoredApikey> names = new ArrayList<>();
    for (String text : texts) {
      StoredApikey asName = StoredKeys.key("acme", text);
      StoredApikey asTenant = StoredKeys.key(text, "ci");
      assertThat(store.insert(asName)).as("name %s", text).isEqualTo(InsertOutcome.INSERTED);
      assertThat(store.insert(asTenant)).as("tenant %s", text).isEqualTo(InsertOutcome.INSERTED);
      names.add(asName);
      assertThat(store.findByDigest(text, asTenant.digest())).contains(asTenant);
      assertThat(store.list(text)).containsExactly(asTenant);
    }
    assertThat(store.list("acme")).containsExactlyInAnyOrderElementsOf(names);
    assertThat(store.delete("acme", texts[0])).isTrue();
    assertThat(store.list("acme")).hasSize(texts.length - 1);
  }

  @Test
  void sqlMetacharactersInTenantAndNameRoundTripAsPlainText() {
    String[] hostile = {
      "'; DROP TABLE apikeys; --",
      "x'); DROP TABLE " + database().table() + "; --",
      "\" OR \"1\"=\"1",
      "' OR '1'='1",
      "\\'; SELECT 1; --",
      "`name`",
      "%_*[]^",
      "? ?? :name :tenant #tenant #{name} ${table} <table>",
      "/* comment */ -- comment\n; ;",
    };
    StoredApikey bystander = StoredKeys.key("acme", "bystander");
    assertThat(store.insert(bystander)).isEqualTo(InsertOutcome.INSERTED);
    for (String text : hostile) {
      StoredApikey key = StoredKeys.key(text, text);
      assertThat(store.insert(key)).as(text).isEqualTo(InsertOutcome.INSERTED);
      assertThat(store.findByDigest(text, key.digest())).as(text).contains(key);
      assertThat(store.list(text)).as(text).containsExactly(key);
      assertThat(store.findByName(text, text)).as(text).contains(key);
      assertThat(store.list(text, null, 2)).as(text).containsExactly(key);
      assertThat(store.list(text, text, 2)).as(text).isEmpty();
      assertThat(store.insert(StoredKeys.key(text, text))).as(text).isEqualTo(InsertOutcome.NAME_TAKEN);
    }
    assertThat(store.delete(hostile[0], hostile[0])).isTrue();
    assertThat(store.list("acme")).containsExactly(bystander);
    assertThat(database().rowCount()).isEqualTo(hostile.length);
  }

  @Test
  void longestTenantsAndNamesRoundTripIncludingCharactersOutsideTheBasicPlane() {
    String emoji = "\ud83d\ude00";
    // The core's limits: names of 128 code points, tenants of 256 UTF-16 code units.
    List<StoredApikey> keys =
        List.of(
            StoredKeys.key("t".repeat(256), "n".repeat(128)),
            StoredKeys.key("\u00e9".repeat(256), "\u00e9".repeat(128)),
            StoredKeys.key(emoji.repeat(128), emoji.repeat(128)),
            StoredKeys.key("\u4e2d".repeat(256), "\u4e2d\ud834\udd1e".repeat(64)));
    for (StoredApikey key : keys) {
      assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
      assertThat(store.findByDigest(key.tenant(), key.digest())).contains(key);
      assertThat(store.findByName(key.tenant(), key.name())).contains(key);
      assertThat(store.list(key.tenant())).containsExactly(key);
      assertThat(store.list(key.tenant(), null, 1)).containsExactly(key);
    }
  }

  private static final String[] INSTANTS = {
    "1970-01-01T00:00:00Z",
    "1969-12-31T23:59:59.999Z",
    "1000-01-01T00:00:00.001Z",
    "2000-02-29T12:00:00.001Z",
    "2026-03-29T01:30:00.500Z", // inside a daylight-saving change in Europe
    "2038-01-19T03:14:08.123Z", // past a 32-bit epoch second
    "9999-12-31T23:59:59.999Z",
  };

  @Test
  void createdAtRoundTripsToTheMillisecondWhateverTheJvmTimeZone() {
    for (String text : INSTANTS) {
      Instant createdAt = Instant.parse(text);
      StoredApikey key = withCreatedAt(StoredKeys.key("acme", text), createdAt);
      assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
      assertThat(store.findByDigest("acme", key.digest())).as(text).contains(key);
    }
  }

  @Test
  void everyFieldOfAFullRecordRoundTripsThroughEveryRead() {
    StoredApikey key = full("acme", "ci", Instant.parse("2027-01-31T12:34:56.789Z"), Instant.parse("2026-12-01T08:00:00.004Z"));
    assertThat(key.hint()).hasSize(4);
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);

    assertThat(store.findByDigest("acme", key.digest())).contains(key);
    assertThat(store.findByName("acme", "ci")).contains(key);
    assertThat(store.list("acme")).containsExactly(key);
    assertThat(store.list("acme", null, 1)).containsExactly(key);
    assertThat(store.list("acme", "c", 1)).containsExactly(key);
    assertThat(database().rowCount()).isEqualTo(1);
  }

  @Test
  void expiryAndLastUseRoundTripToTheMillisecondWhateverTheJvmTimeZone() {
    for (String text : INSTANTS) {
      Instant instant = Instant.parse(text);
      StoredApikey key = full("acme", text, instant, instant.minusMillis(1));
      assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
      assertThat(store.findByDigest("acme", key.digest())).as(text).contains(key);
      assertThat(store.findByName("acme", text)).as(text).contains(key);
    }
  }

  @Test
  void expiryAndLastUseFinerThanAMillisecondAreTruncatedToIt() {
    StoredApikey key =
        full("acme", "ci", Instant.parse("2027-01-31T12:34:56.789999999Z"), Instant.parse("2026-12-01T08:00:00.000999Z"));
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    StoredApikey back = store.findByDigest("acme", key.digest()).orElseThrow();
    assertThat(back.expiresAt()).isEqualTo(Instant.parse("2027-01-31T12:34:56.789Z"));
    assertThat(back.lastUsedAt()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
  }

  @Test
  void aKeyWithoutHintExpiryOrLastUseReadsBackWithNone() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findByName("acme", "ci"))
        .hasValueSatisfying(
            back -> {
              assertThat(back.hint()).isNull();
              assertThat(back.expiresAt()).isNull();
              assertThat(back.lastUsedAt()).isNull();
            });
    assertThat(database().count("SELECT COUNT(*) FROM " + database().table()
            + " WHERE key_hint IS NULL AND expires_at IS NULL AND last_used_at IS NULL"))
        .isEqualTo(1);
  }

  @Test
  void aHintOfMoreThanFourCharactersOrWithANulIsRejectedAndWritesNothing() {
    StoredApikey key = full("acme", "ci", null, null);
    assertThatThrownBy(() -> store.insert(withHint(key, "12345"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.insert(withHint(key, "1\u00002"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(database().rowCount()).isZero();
    for (String hint : new String[] {"", "a", "\u00e9\u00e9\u00e9\u00e9"}) {
      StoredApikey shorter = withHint(full("acme", "hint-" + hint.length(), null, null), hint);
      assertThat(store.insert(shorter)).isEqualTo(InsertOutcome.INSERTED);
      assertThat(store.findByDigest("acme", shorter.digest())).contains(shorter);
    }
  }

  @Test
  void createdAtFinerThanAMillisecondIsTruncatedToIt() {
    StoredApikey key = withCreatedAt(StoredKeys.key("acme", "ci"), Instant.parse("2026-11-27T10:15:30.123999999Z"));
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(store.findByDigest("acme", key.digest()))
        .contains(withCreatedAt(key, Instant.parse("2026-11-27T10:15:30.123Z")));
  }

  @Test
  void listIsInCodePointOrderWhichNeitherH2NorALocaleCollationGives() {
    // U+1F600 is a surrogate pair: before U+E000 and U+FFFD in UTF-16 (H2's order), after them by
    // code point; "B" before "a" by code point but not in most locales.
    List<String> names = List.of("b", "B", "a", "Z", "\u00e9", "e\u0301", "\ufffd", "\ud83d\ude00", "\ue000", "10", "9");
    for (String name : names) {
      assertThat(store.insert(StoredKeys.key("acme", name))).isEqualTo(InsertOutcome.INSERTED);
    }
    assertThat(store.list("acme"))
        .extracting(StoredApikey::name)
        .containsExactly("10", "9", "B", "Z", "a", "b", "e\u0301", "\u00e9", "\ue000", "\ufffd", "\ud83d\ude00");
  }

  @Test
  void pagesAreInCodePointOrderWhateverTheirSize() {
    List<String> names = List.of("b", "B", "a", "Z", "\u00e9", "e\u0301", "\ufffd", "\ud83d\ude00", "\ue000", "10", "9");
    for (String name : names) {
      assertThat(store.insert(StoredKeys.key("acme", name))).isEqualTo(InsertOutcome.INSERTED);
    }
    store.insert(StoredKeys.key("acme-2", "\ud83d\ude01"));
    List<String> ordered = List.of("10", "9", "B", "Z", "a", "b", "e\u0301", "\u00e9", "\ue000", "\ufffd", "\ud83d\ude00");
    for (int size : new int[] {1, 2, 3, 5, names.size(), names.size() + 1}) {
      List<String> seen = new ArrayList<>();
      String after = null;
      for (List<StoredApikey> page = store.list("acme", null, size);
          !page.isEmpty();
          page = store.list("acme", after, size)) {
        assertThat(page).hasSizeLessThanOrEqualTo(size);
        page.forEach(k -> seen.add(k.name()));
        after = page.get(page.size() - 1).name();
      }
      assertThat(seen).as("pages of %d", size).isEqualTo(ordered);
    }
    // After names that are not stored: between two stored ones, before all, after all.
    assertThat(store.list("acme", "\ufffe", 5)).extracting(StoredApikey::name).containsExactly("\ud83d\ude00");
    assertThat(store.list("acme", "\ud83c\udfff", 5)).extracting(StoredApikey::name).containsExactly("\ud83d\ude00");
    assertThat(store.list("acme", "", 2)).extracting(StoredApikey::name).containsExactly("10", "9");
    assertThat(store.list("acme", "\udbff\udfff", 5)).isEmpty();
    assertThatThrownBy(() -> store.list("acme", null, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPageAfterANameWithANulCharacterStartsAfterThePartBeforeIt() {
    for (String name : List.of("a", "a0", "ab", "b")) {
      assertThat(store.insert(StoredKeys.key("acme", name))).isEqualTo(InsertOutcome.INSERTED);
    }
    // No name holds U+0000, so "a\0…" sorts after "a" and before "a0": as the SPI's default would.
    assertThat(store.list("acme", "a\0zz", 10)).extracting(StoredApikey::name).containsExactly("a0", "ab", "b");
    assertThat(store.list("acme", "\0", 10)).extracting(StoredApikey::name).containsExactly("a", "a0", "ab", "b");
    assertThat(store.list("acme\0", null, 10)).isEmpty();
    assertThat(store.findByName("acme", "a\0")).isEmpty();
    assertThat(store.findByName("acme\0", "a")).isEmpty();
  }

  @Test
  void textWithANulCharacterIsRejectedOnInsertAndNeverFound() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThatThrownBy(() -> store.insert(StoredKeys.key("acme", "c\0i"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.insert(StoredKeys.key("ac\0me", "ci"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.insert(StoredKeys.key("acme", "\0ci"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.insert(StoredKeys.key("\0", "ci"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);

    assertThat(store.findByDigest("acme\0", key.digest())).isEmpty();
    assertThat(store.list("acme\0")).isEmpty();
    assertThat(store.delete("acme", "ci\0")).isFalse();
    assertThat(database().rowCount()).isEqualTo(1);
  }

  @Test
  void createSchemaIfMissingLeavesAnExistingTableAndItsKeysAlone() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);

    JdbiApikeyStore again = JdbiApikeyStore.builder(database().dataSource()).table(database().table()).build();
    assertThat(again.createSchemaIfMissing()).isSameAs(again);
    again.createSchemaIfMissing();

    assertThat(again.list("acme")).containsExactly(key);
  }

  @Test
  void createSchemaIfMissingUpgradesAVersion1TableInPlaceKeepingItsKeys() {
    String table = database().table() + "_v1";
    try {
      for (String statement : SchemaScript.createTable(database().dialect(), table)) {
        database().execute(statement);
      }
      StoredApikey old = StoredKeys.key("acme", "old");
      StoredApikey older = StoredKeys.key("globex", "older");
      database().insertVersion1Row(table, old);
      database().insertVersion1Row(table, older);

      JdbiApikeyStore upgraded = JdbiApikeyStore.builder(database().dataSource()).table(table).build();
      upgraded.createSchemaIfMissing();
      upgraded.createSchemaIfMissing();

      assertThat(database().count("SELECT COUNT(*) FROM " + table
              + " WHERE key_hint IS NULL AND expires_at IS NULL AND last_used_at IS NULL"))
          .isEqualTo(2);
      assertThat(upgraded.findByDigest("acme", old.digest())).contains(old);
      assertThat(upgraded.findByName("acme", "old")).contains(old);
      assertThat(upgraded.list("globex")).containsExactly(older);

      StoredApikey current = full("acme", "new", Instant.parse("2027-01-31T12:34:56.789Z"), Instant.parse("2026-12-01T08:00:00.004Z"));
      assertThat(upgraded.insert(current)).isEqualTo(InsertOutcome.INSERTED);
      assertThat(upgraded.findByDigest("acme", current.digest())).contains(current);
      assertThat(upgraded.list("acme", null, 10)).containsExactly(current, old);

      // A key of version 1 rotates: its row gains the new key, and it authenticates until its grace ends.
      Instant graceEnd = Instant.parse("2026-12-02T10:00:00Z");
      StoredApikey next = StoredKeys.key("acme", "old", "viewer", java.util.UUID.nameUUIDFromBytes(new byte[] {1}), null);
      assertThat(upgraded.rotate("acme", "old", c -> new StoredApikey(c.tenant(), c.name(), c.role(), next.digest(),
          next.keyId(), next.hint(), "rotator", graceEnd, null, null, c.asPreviousUntil(graceEnd))))
          .isEqualTo(dev.apikeys.core.spi.RotateOutcome.ROTATED);
      assertThat(upgraded.findByDigest("acme", old.digest())).get()
          .satisfies(k -> assertThat(k.expiresAt()).isEqualTo(graceEnd)).extracting(StoredApikey::keyId).isEqualTo(old.keyId());
      assertThat(upgraded.findByDigest("acme", next.digest())).get().extracting(StoredApikey::createdBy).isEqualTo("rotator");
    } finally {
      database().execute("DROP TABLE IF EXISTS " + table);
    }
  }

  @Test
  void lastUseOfManyKeysInSeveralTenantsIsRecordedInOneTransactionUnknownDigestsSkipped() {
    Instant base = Instant.parse("2026-12-01T10:00:00Z");
    List<StoredApikey> keys = new ArrayList<>();
    Map<KeyDigest, Instant> uses = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      StoredApikey key = StoredKeys.key("tenant-" + i % 3, "key-" + i);
      assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
      keys.add(key);
      uses.put(key.digest(), base.plusMillis(i));
    }
    // More than one look-up's worth (500 digests): the keys found are spread over three look-ups.
    for (int i = 0; i < 1_100; i++) {
      uses.put(StoredKeys.key("acme", "never-stored-" + i).digest(), base);
    }
    store.recordLastUse(uses);

    for (int i = 0; i < keys.size(); i++) {
      StoredApikey key = keys.get(i);
      assertThat(store.findByDigest(key.tenant(), key.digest())).contains(key.withLastUsedAt(base.plusMillis(i)));
    }
    assertThat(database().rowCount()).isEqualTo(30);

    // Earlier uses change nothing, later ones move it on; both in one batch.
    store.recordLastUse(Map.of(keys.get(0).digest(), base.minusSeconds(60), keys.get(1).digest(), base.plusSeconds(60)));
    assertThat(store.findByName("tenant-0", "key-0").orElseThrow().lastUsedAt()).isEqualTo(base);
    assertThat(store.findByName("tenant-1", "key-1").orElseThrow().lastUsedAt()).isEqualTo(base.plusSeconds(60));
  }

  @Test
  void aLastUseBatchOfExactlyOneLookUpsWorthOfDigestsIsRecorded() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    Instant used = Instant.parse("2026-12-01T10:00:00Z");
    // As many digests as one look-up takes: one look-up, and not a second one of none.
    Map<KeyDigest, Instant> uses = new HashMap<>();
    uses.put(key.digest(), used);
    while (uses.size() < Statements.MAX_DIGESTS_PER_LOOKUP) {
      uses.put(StoredKeys.key("acme", "never-stored").digest(), used);
    }

    store.recordLastUse(uses);

    assertThat(store.findByName("acme", "ci")).contains(key.withLastUsedAt(used));
  }

  @Test
  void lastUseIsKeptToTheMillisecondAndTheSameMillisecondAgainChangesNothing() {
    StoredApikey key = StoredKeys.key("acme", "ci");
    store.insert(key);
    store.recordLastUse(Map.of(key.digest(), Instant.parse("2026-12-01T10:00:00.123999Z")));
    store.recordLastUse(Map.of(key.digest(), Instant.parse("2026-12-01T10:00:00.123500Z")));
    assertThat(store.findByDigest("acme", key.digest()).orElseThrow().lastUsedAt())
        .isEqualTo(Instant.parse("2026-12-01T10:00:00.123Z"));
    store.recordLastUse(Map.of());
    assertThatThrownBy(() -> store.recordLastUse(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aLastUseBatchThatFailsPartWayRecordsNothing() {
    String table = database().table() + "_ck";
    JdbiApikeyStore other = JdbiApikeyStore.builder(database().dataSource()).table(table).build().createSchemaIfMissing();
    try {
      database().execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table
          + "_used_after_created CHECK (last_used_at IS NULL OR last_used_at > created_at)");
      Map<KeyDigest, Instant> uses = new HashMap<>();
      for (int i = 0; i < 20; i++) {
        StoredApikey key = StoredKeys.key("acme", "key-" + i);
        assertThat(other.insert(key)).isEqualTo(InsertOutcome.INSERTED);
        // One use the check refuses, somewhere among nineteen it accepts.
        uses.put(key.digest(), i == 10 ? StoredKeys.CREATED_AT.minusSeconds(1) : StoredKeys.CREATED_AT.plusSeconds(i + 1));
      }

      assertThatThrownBy(() -> other.recordLastUse(uses)).isExactlyInstanceOf(StorageUnavailableException.class);

      assertThat(other.list("acme")).hasSize(20).allSatisfy(k -> assertThat(k.lastUsedAt()).isNull());
    } finally {
      database().execute("DROP TABLE " + table);
    }
  }

  @Test
  void aRevokeWaitsForAnotherTransactionHoldingTheTenantAndCountsWhatItCommitted() throws Exception {
    StoredApikey root = admin("acme", "root");
    StoredApikey dash = StoredKeys.key("acme", "dash", "viewer", UUID.randomUUID(), null);
    store.insert(root);
    store.insert(admin("acme", "root-2"));
    store.insert(dash);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection other = database().dataSource().getConnection()) {
      other.setAutoCommit(false);
      // Another process revoking root-2 as the store does: the tenant's rows locked, root-2
      // deleted, not yet committed.
      try (PreparedStatement lock =
              other.prepareStatement("SELECT name FROM " + database().table() + " WHERE tenant = ? FOR UPDATE");
          PreparedStatement delete =
              other.prepareStatement("DELETE FROM " + database().table() + " WHERE tenant = ? AND name = ?")) {
        lock.setString(1, "acme");
        try (ResultSet rows = lock.executeQuery()) {
          while (rows.next()) {
            rows.getString(1);
          }
        }
        delete.setString(1, "acme");
        delete.setString(2, "root-2");
        assertThat(delete.executeUpdate()).isEqualTo(1);
      }
      Future<RevokeOutcome> revoke = thread.submit(() -> store.revokeUnlessLast("acme", "root", ADMINS));
      // The database itself reports the revoke's session waiting for a lock this transaction holds.
      await("the revoke waiting for the other transaction's lock").atMost(Duration.ofSeconds(10))
          .until(() -> database().sessionsWaitingFor(other), n -> n == 1);
      assertThat(revoke).as("the revoke waits for the other transaction").isNotDone();

      other.commit();

      assertThat(revoke.get(10, TimeUnit.SECONDS)).isEqualTo(RevokeOutcome.LAST_ADMINISTRATOR);
    } finally {
      thread.shutdownNow();
    }
    assertThat(store.list("acme")).containsExactly(dash, root);
  }

  @Test
  void anExceptionOfThePredicateRollsTheRevokeBackAndPassesUnchanged() {
    StoredApikey root = admin("acme", "root");
    StoredApikey dash = StoredKeys.key("acme", "dash", "viewer", UUID.randomUUID(), null);
    store.insert(root);
    store.insert(dash);
    IllegalStateException failure = new IllegalStateException("the role policy failed");

    assertThatThrownBy(() -> store.revokeUnlessLast("acme", "dash", k -> {
          throw failure;
        }))
        .isSameAs(failure);

    assertThat(store.list("acme")).containsExactly(dash, root);
    assertThat(store.revokeUnlessLast("acme", "dash", ADMINS)).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(store.list("acme")).containsExactly(root);
  }

  @Test
  void revokingWithANulCharacterFindsNothing() {
    store.insert(admin("acme", "root"));
    store.insert(admin("acme", "root-2"));
    assertThat(store.revokeUnlessLast("acme", "root\0", ADMINS)).isEqualTo(RevokeOutcome.NOT_FOUND);
    assertThat(store.revokeUnlessLast("acme\0", "root", ADMINS)).isEqualTo(RevokeOutcome.NOT_FOUND);
    assertThat(database().rowCount()).isEqualTo(2);
  }

  @Test
  void aLastUseBatchThatDeadlocksWithAnotherTransactionIsRunAgain() throws Exception {
    StoredApikey a = StoredKeys.key("acme", "a");
    StoredApikey b = StoredKeys.key("acme", "b");
    store.insert(a);
    store.insert(b);
    for (int i = 0; i < 20; i++) {
      store.insert(StoredKeys.key("globex", "ballast-" + i));
    }
    Instant used = Instant.parse("2026-12-01T10:00:00Z");
    // The store on a data source that counts its transactions: one connection for each attempt.
    CountingDataSource counting = new CountingDataSource(database().dataSource());
    JdbiApikeyStore counted = JdbiApikeyStore.builder(counting).dialect(database().dialect()).table(database().table()).build();
    String touch = "UPDATE " + database().table() + " SET role = role WHERE tenant = 'acme' AND name = ?";
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection other = database().dataSource().getConnection();
        Statement ballast = other.createStatement();
        PreparedStatement update = other.prepareStatement(touch)) {
      other.setAutoCommit(false);
      // This transaction is made the one each database keeps, so that the batch is the victim:
      // InnoDB rolls back the transaction that changed fewer rows (this one changes twenty more),
      // H2 the youngest (this one began first), PostgreSQL the one whose deadlock_timeout ends
      // first (the batch waits first; this one's timeout is a minute where the role may set it).
      assertThat(ballast.executeUpdate("UPDATE " + database().table() + " SET created_by = 'ballast' WHERE tenant = 'globex'"))
          .isEqualTo(20);
      if (database().dialect() == Dialect.POSTGRESQL) {
        try (ResultSet superuser = ballast.executeQuery("SELECT current_setting('is_superuser')")) {
          superuser.next();
          if (superuser.getString(1).equals("on")) {
            ballast.execute("SET LOCAL deadlock_timeout = '1min'");
          }
        }
      }
      update.setString(1, "b");
      update.executeUpdate();
      // The batch updates in primary-key order: it takes a, then waits for b, which this
      // transaction holds. Then this one asks for a, against the store's own order.
      Future<?> batch = thread.submit(() -> counted.recordLastUse(Map.of(a.digest(), used, b.digest(), used)));
      await("the batch waiting for this transaction's lock on b").atMost(Duration.ofSeconds(10))
          .until(() -> database().sessionsWaitingFor(other), n -> n == 1);
      update.setString(1, "a");
      update.executeUpdate(); // returns once the database has rolled the batch back, freeing a
      other.commit();
      batch.get(30, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
    }
    // The deadlock's victim, then its retry; on a loaded machine the retry may meet the other
    // transaction still committing and be run once more, within the store's three attempts.
    assertThat(counting.connections()).as("the batch's transactions: the deadlock's victim, then its retries").isBetween(2, 3);
    assertThat(store.list("acme")).containsExactly(a.withLastUsedAt(used), b.withLastUsedAt(used));
  }

  @Test
  void duplicateOnAConstraintTheStoreDoesNotKnowIsStorageUnavailableAndWritesNothing() {
    String table = database().table() + "_uq";
    JdbiApikeyStore other = JdbiApikeyStore.builder(database().dataSource()).table(table).build().createSchemaIfMissing();
    try {
      database().execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_key_id_uq UNIQUE (key_id)");
      StoredApikey first = StoredKeys.key("acme", "first");
      StoredApikey second = StoredKeys.key("acme", "second");
      StoredApikey sameKeyId =
          new StoredApikey("acme", "second", "operator", second.digest(), first.keyId(), "key:test", first.createdAt());
      assertThat(other.insert(first)).isEqualTo(InsertOutcome.INSERTED);

      assertThatThrownBy(() -> other.insert(sameKeyId))
          .isExactlyInstanceOf(StorageUnavailableException.class)
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another unique constraint");

      assertThat(other.list("acme")).containsExactly(first);
    } finally {
      database().execute("DROP TABLE " + table);
    }
  }

  @Test
  void anInsertWhoseConflictingKeyIsDeletedBeforeTheStoreAsksWhichConstraintItHitIsTriedAgain() {
    StoredApikey first = StoredKeys.key("acme", "ci");
    StoredApikey second = StoredKeys.key("acme", "ci");
    assertThat(store.insert(first)).isEqualTo(InsertOutcome.INSERTED);
    // The second connection is the question which constraint the insert hit: another process
    // deletes the conflicting key just before it is asked.
    AtomicInteger connections = new AtomicInteger();
    DataSource racing = new PlainDataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        if (connections.incrementAndGet() == 2) {
          assertThat(store.delete("acme", "ci")).isTrue();
        }
        return database().dataSource().getConnection();
      }
    };
    JdbiApikeyStore onRacing = JdbiApikeyStore.builder(racing).dialect(database().dialect()).table(database().table()).build();

    assertThat(onRacing.insert(second)).isEqualTo(InsertOutcome.INSERTED);

    // The insert, the question, the insert again; then on a change table the new store's first prune.
    assertThat(connections).hasValue(database().dialect() == Dialect.POSTGRESQL ? 3 : 4);
    assertThat(store.list("acme")).containsExactly(second);
  }

  @Test
  void aRotationToADigestThatAnotherProcessCommitsBetweenTheCheckAndTheUpdateIsDigestTakenAndWritesNothing() {
    StoredApikey current = StoredKeys.key("acme", "ci");
    assertThat(store.insert(current)).isEqualTo(InsertOutcome.INSERTED);
    UUID contested = UUID.randomUUID();
    StoredApikey next = StoredKeys.key("acme", "ci", contested);
    StoredApikey rival = StoredKeys.key("globex", "rival", contested);
    // Just before the rotation's update, once it has found the digest free, another process
    // commits a key with that digest.
    String update = "UPDATE " + database().table() + " SET role";
    JdbiApikeyStore onRacing = storeSeeing((statement, sql, method, args) -> {
      if (statement == null && method.getName().equals("prepareStatement") && sql.startsWith(update)) {
        assertThat(store.insert(rival)).isEqualTo(InsertOutcome.INSERTED);
      }
    });

    assertThat(onRacing.rotate("acme", "ci", to(next))).isEqualTo(RotateOutcome.DIGEST_TAKEN);

    assertThat(store.list("acme")).containsExactly(current);
    assertThat(store.list("globex")).containsExactly(rival);
  }

  /**
   * A batch and a revoke that lock the same rows in different orders can deadlock: the batch
   * updates in the order of the primary key's index, as the revoke locks. Outside the basic plane
   * UTF-16 and code point order differ: H2's index is in the one, PostgreSQL's and MariaDB's in
   * the other.
   */
  @Test
  void aLastUseBatchUpdatesItsKeysInTheOrderOfThePrimaryKey() {
    Instant used = Instant.parse("2026-12-01T10:00:00Z");
    Map<KeyDigest, Instant> uses = new HashMap<>();
    for (String name : List.of("\ud83d\ude00", "\ue000", "z", "\u00e9")) {
      StoredApikey key = StoredKeys.key("acme", name);
      assertThat(store.insert(key)).isEqualTo(InsertOutcome.INSERTED);
      uses.put(key.digest(), used);
    }
    List<String> updated = new ArrayList<>();
    String update = "UPDATE " + database().table() + " SET last_used_at";
    JdbiApikeyStore watched = storeSeeing((statement, sql, method, args) -> {
      if (statement != null && sql.startsWith(update) && method.getName().equals("setString") && args[0].equals(3)) {
        updated.add((String) args[1]);
      }
    });

    watched.recordLastUse(uses);

    List<String> indexOrder = new ArrayList<>();
    try (Connection connection = database().dataSource().getConnection();
        Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT name FROM " + database().table() + " WHERE tenant = 'acme' ORDER BY name")) {
      while (rows.next()) {
        indexOrder.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    assertThat(updated).isEqualTo(indexOrder);
    assertThat(store.list("acme")).allSatisfy(key -> assertThat(key.lastUsedAt()).isEqualTo(used));
  }

  /** What a test sees of a store's calls on its connections, before each call is made. */
  @FunctionalInterface
  interface CallWatcher {
    /**
     * @param statement the prepared statement called, or null for a call on the connection
     * @param sql the statement's SQL, or the SQL the call on the connection is given ({@code ""} if none)
     */
    void before(Object statement, String sql, Method method, Object[] args) throws SQLException;
  }

  /** A store on the class's table whose connections and prepared statements {@code watcher} sees. */
  JdbiApikeyStore storeSeeing(CallWatcher watcher) {
    DataSource watched = new PlainDataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        Connection connection = database().dataSource().getConnection();
        return proxy(Connection.class, connection, (method, args) -> {
          String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : "";
          watcher.before(null, sql, method, args);
          Object result = invoke(connection, method, args);
          if (result instanceof PreparedStatement prepared) {
            return proxy(PreparedStatement.class, prepared, (call, callArgs) -> {
              watcher.before(prepared, sql, call, callArgs);
              return invoke(prepared, call, callArgs);
            });
          }
          return result;
        });
      }
    };
    return JdbiApikeyStore.builder(watched).dialect(database().dialect()).table(database().table()).build();
  }

  /** A call on a proxy. */
  @FunctionalInterface
  private interface Call {
    Object answer(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Call call) {
    return type.cast(Proxy.newProxyInstance(JdbcStoreContract.class.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> call.answer(method, args)));
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void poolClosedUnderTheStoreIsStorageUnavailableAndTheDatabaseKeepsOnlyWhatWasInserted() {
    StoredApikey before = StoredKeys.key("acme", "before");
    StoredApikey during = StoredKeys.key("acme", "during");
    HikariDataSource pool = database().newPool(2);
    try {
      JdbiApikeyStore onPool = JdbiApikeyStore.builder(pool).table(database().table()).build();
      assertThat(onPool.insert(before)).isEqualTo(InsertOutcome.INSERTED);

      pool.close();

      assertUnavailable(() -> onPool.insert(during));
      assertUnavailable(() -> onPool.findByDigest("acme", before.digest()));
      assertUnavailable(() -> onPool.list("acme"));
      assertUnavailable(() -> onPool.list("acme", null, 10));
      assertUnavailable(() -> onPool.list("acme", "a", 10));
      assertUnavailable(() -> onPool.findByName("acme", "before"));
      assertUnavailable(() -> onPool.recordLastUse(Map.of(before.digest(), Instant.parse("2026-12-01T10:00:00Z"))));
      assertUnavailable(() -> onPool.revokeUnlessLast("acme", "before", ADMINS));
      assertUnavailable(() -> onPool.delete("acme", "before"));
      assertUnavailable(onPool::createSchemaIfMissing);
      assertUnavailable(() -> JdbiApikeyStore.create(pool));
    } finally {
      pool.close();
    }
    // The database itself is still there: through a working pool, the store carries on.
    assertThat(store.list("acme")).containsExactly(before);
    assertThat(store.insert(during)).isEqualTo(InsertOutcome.INSERTED);
    store.recordLastUse(Map.of(before.digest(), Instant.parse("2026-12-01T10:00:00Z")));
    assertThat(store.findByName("acme", "before").orElseThrow().lastUsedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(database().rowCount()).isEqualTo(2);
  }

  @Test
  void onAPoolWithAutoCommitOffEveryStatementIsStillCommitted() {
    String table = database().table() + "_ac";
    try (HikariDataSource manual = database().newPool(2, false)) {
      JdbiApikeyStore onManual = JdbiApikeyStore.builder(manual).table(table).build().createSchemaIfMissing();
      StoredApikey key = StoredKeys.key("acme", "ci");
      StoredApikey other = StoredKeys.key("acme", "deploy");

      assertThat(onManual.insert(key)).isEqualTo(InsertOutcome.INSERTED);
      assertThat(onManual.insert(StoredKeys.key("acme", "ci"))).isEqualTo(InsertOutcome.NAME_TAKEN);
      assertThat(onManual.insert(other)).isEqualTo(InsertOutcome.INSERTED);
      assertThat(onManual.findByDigest("acme", key.digest())).contains(key);
      assertThat(onManual.findByName("acme", "ci")).contains(key);
      assertThat(onManual.list("acme", "ci", 5)).containsExactly(other);
      assertThat(onManual.delete("acme", "deploy")).isTrue();
      Instant used = Instant.parse("2026-12-01T10:00:00Z");
      onManual.recordLastUse(Map.of(key.digest(), used));
      StoredApikey third = StoredKeys.key("acme", "third");
      assertThat(onManual.insert(third)).isEqualTo(InsertOutcome.INSERTED);
      assertThat(onManual.revokeUnlessLast("acme", "third", ADMINS)).isEqualTo(RevokeOutcome.REVOKED);

      // Seen from the class's own connections: the table, the inserts, the delete, the last use
      // and the revoke all committed.
      JdbiApikeyStore onOwn = JdbiApikeyStore.builder(database().dataSource()).table(table).build();
      assertThat(onOwn.list("acme")).containsExactly(key.withLastUsedAt(used));
      assertThat(database().count("SELECT COUNT(*) FROM " + table)).isEqualTo(1);
    } finally {
      database().execute("DROP TABLE IF EXISTS " + table);
    }
  }

  @Test
  void storeOnAHostJdbiIgnoresTheHostsTemplateEngineAndSqlParser() {
    Jdbi host = Jdbi.create(database().dataSource());
    host.getConfig(SqlStatements.class)
        .setTemplateEngine(
            (sql, ctx) -> {
              throw new AssertionError("the host's template engine rendered " + sql);
            })
        .setSqlParser(new HashPrefixSqlParser());
    JdbiApikeyStore onHost = JdbiApikeyStore.builder(host).table(database().table()).build();
    StoredApikey key = StoredKeys.key("acme", "ci");

    assertThat(onHost.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(onHost.insert(StoredKeys.key("acme", "ci"))).isEqualTo(InsertOutcome.NAME_TAKEN);
    assertThat(onHost.findByDigest("acme", key.digest())).contains(key);
    assertThat(onHost.list("acme")).containsExactly(key);
    assertThat(onHost.findByName("acme", "ci")).contains(key);
    assertThat(onHost.list("acme", null, 1)).containsExactly(key);
    assertThat(onHost.list("acme", "b", 1)).containsExactly(key);
    onHost.recordLastUse(Map.of(key.digest(), Instant.parse("2026-12-01T10:00:00Z")));
    assertThat(onHost.findByName("acme", "ci").orElseThrow().lastUsedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(onHost.revokeUnlessLast("acme", "ci", ADMINS)).isEqualTo(RevokeOutcome.REVOKED);
    assertThat(onHost.insert(key)).isEqualTo(InsertOutcome.INSERTED);
    assertThat(onHost.delete("acme", "ci")).isTrue();
    assertThat(host.getConfig(SqlStatements.class).getSqlParser()).isInstanceOf(HashPrefixSqlParser.class);
  }

  static StoredApikey withCreatedAt(StoredApikey key, Instant createdAt) {
    return new StoredApikey(key.tenant(), key.name(), key.role(), key.digest(), key.keyId(), key.hint(), key.createdBy(),
        createdAt, key.expiresAt(), key.lastUsedAt());
  }

  static StoredApikey withHint(StoredApikey key, String hint) {
    return new StoredApikey(key.tenant(), key.name(), key.role(), key.digest(), key.keyId(), hint, key.createdBy(),
        key.createdAt(), key.expiresAt(), key.lastUsedAt());
  }

  private static final Predicate<StoredApikey> ADMINS = k -> k.role().equals("admin");

  static StoredApikey admin(String tenant, String name) {
    return StoredKeys.key(tenant, name, "admin", UUID.randomUUID(), null);
  }

  /** A record with every field set: a hint, the given expiry and last use (either may be null). */
  static StoredApikey full(String tenant, String name, Instant expiresAt, Instant lastUsedAt) {
    return StoredKeys.key(tenant, name, "operator", UUID.randomUUID(), expiresAt).withLastUsedAt(lastUsedAt);
  }

  /** The call fails as storage-unavailable, caused by the database or the pool, never raw. */
  static void assertUnavailable(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isExactlyInstanceOf(StorageUnavailableException.class)
        .satisfies(e -> assertThat(e.getCause()).isInstanceOfAny(JdbiException.class, SQLException.class));
  }
}
