package dev.apikeys.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.InsertOutcome;
import dev.apikeys.core.spi.RotateOutcome;
import dev.apikeys.core.spi.StoredApikey;
import dev.apikeys.storage.tck.StoredKeys;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What of the store only PostgreSQL runs, in a class small enough for mutation testing (the
 * contracts run on PostgreSQL in {@link PostgresApikeyStoreTest} and its siblings): each write
 * notifies the digests of the keys it changed on the table's channel, in the write's own
 * statement or transaction, and a write that changes nothing notifies nothing; a page after a
 * name with U+0000, which PostgreSQL cannot take as a parameter.
 */
class PostgresOnlyStoreTest {
  @RegisterExtension static final TestDatabase DATABASE = TestDatabase.postgres();

  @Test
  void eachWriteNotifiesTheDigestsOfTheKeysItChangedAndAWriteThatChangesNothingNotifiesNothing() {
    JdbiApikeyStore store = DATABASE.newStore();
    UUID firstKey = UUID.randomUUID();
    StoredApikey first = StoredKeys.key("acme", "ci", firstKey);
    StoredApikey second = StoredKeys.key("acme", "ci");
    StoredApikey last = StoredKeys.key("acme", "last");
    RecordingListener listener = new RecordingListener();
    try (JdbcChangeFeed feed = store.changeFeed(Duration.ofMillis(20))) {
      feed.start(listener);
      listener.awaitUpToDates(1);

      assertThat(store.insert(first)).isEqualTo(InsertOutcome.INSERTED);
      assertThat(store.insert(StoredKeys.key("acme", "ci"))).isEqualTo(InsertOutcome.NAME_TAKEN);
      assertThat(store.rotate("acme", "ci", JdbcStoreContract.to(second))).isEqualTo(RotateOutcome.ROTATED);
      // The first key is the previous key now: a key of its digest inserts nothing.
      assertThat(store.insert(StoredKeys.key("globex", "copy", firstKey))).isEqualTo(InsertOutcome.DIGEST_TAKEN);
      assertThat(store.delete("acme", "ci")).isTrue();
      assertThat(store.insert(last)).isEqualTo(InsertOutcome.INSERTED);

      listener.awaitTenants(6);
    }
    // The insert; the rotation: the replaced key, the new one; the delete: the key, its previous key.
    assertThat(listener.digests)
        .containsExactly(first.digest(), first.digest(), second.digest(), second.digest(), first.digest(), last.digest());
    assertThat(listener.tenants).containsOnly("acme");
    assertThat(store.list("globex")).isEmpty();
  }

  @Test
  void aPageAfterANameWithANulCharacterStartsAfterThePartBeforeIt() {
    JdbiApikeyStore store = DATABASE.newStore();
    for (String name : new String[] {"a", "a0", "ab", "b"}) {
      assertThat(store.insert(StoredKeys.key("acme", name))).isEqualTo(InsertOutcome.INSERTED);
    }
    assertThat(store.list("acme", "a\0zz", 10)).extracting(StoredApikey::name).containsExactly("a0", "ab", "b");
    assertThat(store.list("acme", "\0", 10)).extracting(StoredApikey::name).containsExactly("a", "a0", "ab", "b");
  }
}
