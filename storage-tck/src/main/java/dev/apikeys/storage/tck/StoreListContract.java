package dev.apikeys.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apikeys.core.spi.StoredApikey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Listing a tenant's keys, whole and in pages, ordered by name by code point. Part of {@link
 * ApikeyStoreContract}.
 */
public interface StoreListContract extends StoreFixture {
  @Test
  default void listsOnlyTheTenantsKeysOrderedByName() {
    List<String> names = List.of("zeta", "alpha", "Mid", "beta-2", "beta-10");
    for (String name : names) {
      store().insert(StoredKeys.key("acme", name));
    }
    store().insert(StoredKeys.key("globex", "aardvark"));
    assertThat(store().list("acme")).extracting(StoredApikey::name).containsExactly("Mid", "alpha", "beta-10", "beta-2", "zeta");
    assertThat(store().list("globex")).extracting(StoredApikey::name).containsExactly("aardvark");
    assertThat(store().list("initech")).isEmpty();
  }

  @Test
  default void listOrdersByCodePointNotByLocaleOrUtf16() {
    // U+FF5E (one UTF-16 unit) sorts after U+1F511 (a surrogate pair) in UTF-16 order, before it in code point order.
    List<String> names = List.of("\uff5e", "\ud83d\udd11", "b", "B", "\u00e9", "e");
    for (String name : names) {
      store().insert(StoredKeys.key("acme", name));
    }
    assertThat(store().list("acme")).extracting(StoredApikey::name)
        .containsExactly("B", "b", "e", "\u00e9", "\uff5e", "\ud83d\udd11");
  }

  @Test
  default void pagesThroughATenantInNameOrder() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      names.add(String.format("key-%02d", i));
    }
    List<String> shuffled = new ArrayList<>(names);
    java.util.Collections.shuffle(shuffled, new java.util.Random(7));
    shuffled.forEach(n -> store().insert(StoredKeys.key("acme", n)));
    store().insert(StoredKeys.key("globex", "key-05"));

    List<String> seen = new ArrayList<>();
    String after = null;
    for (int page = 0; page < 10; page++) {
      List<StoredApikey> keys = store().list("acme", after, 5);
      assertThat(keys).hasSizeLessThanOrEqualTo(5).allSatisfy(k -> assertThat(k.tenant()).isEqualTo("acme"));
      if (keys.isEmpty()) {
        break;
      }
      keys.forEach(k -> seen.add(k.name()));
      after = keys.get(keys.size() - 1).name();
    }
    assertThat(seen).isEqualTo(names);
    assertThat(store().list("acme", "key-07x", 2)).extracting(StoredApikey::name).containsExactly("key-08", "key-09");
    assertThat(store().list("acme", "zzz", 5)).isEmpty();
    assertThat(store().list("initech", null, 5)).isEmpty();
  }

  @Test
  default void pagesOrderByCodePoint() {
    List<String> names = List.of("\uff5e", "\ud83d\udd11", "b", "B");
    names.forEach(n -> store().insert(StoredKeys.key("acme", n)));
    assertThat(store().list("acme", "b", 10)).extracting(StoredApikey::name).containsExactly("\uff5e", "\ud83d\udd11");
  }
}
