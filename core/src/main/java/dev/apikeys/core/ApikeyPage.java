package dev.apikeys.core;

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
}
