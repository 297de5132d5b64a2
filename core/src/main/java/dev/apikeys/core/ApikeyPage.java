package dev.apikeys.core;

import dev.apikeys.core.spi.StoredApikey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a tenant's keys, ordered by name (by code point).
 *
 * @param keys the keys of this page
 * @param next the name to pass as {@code after} for the next page; {@code null} on the last page
 */
public record ApikeyPage(List<ApikeyInfo> keys, @Nullable String next) {
  /** Copies the list. */
  public ApikeyPage {
    keys = List.copyOf(keys);
  }

  /** The cursor of the next page, if there is one. */
  public Optional<String> nextAfter() {
    return Optional.ofNullable(next);
  }

  /**
   * The page of at most {@code limit} keys, from the store's answer to a query for one more: that
   * one tells whether there is a next page.
   */
  static ApikeyPage of(List<StoredApikey> keys, int limit, Instant now) {
    List<ApikeyInfo> page = new ArrayList<>(Math.min(keys.size(), limit));
    for (int i = 0; i < keys.size() && i < limit; i++) {
      page.add(ApikeyInfo.of(keys.get(i), now));
    }
    return new ApikeyPage(page, keys.size() > limit ? page.get(page.size() - 1).name() : null);
  }
}
