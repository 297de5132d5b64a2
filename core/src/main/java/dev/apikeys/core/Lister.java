package dev.apikeys.core;

import static dev.apikeys.core.ApikeyService.MAX_PAGE_SIZE;

import dev.apikeys.core.spi.ApikeyStore;
import dev.apikeys.core.spi.ServiceListener.Operation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Lists a tenant's keys page by page, each page timed; a read, so nothing is audited. */
final class Lister {
  private final ApikeyStore store;
  private final Clock clock;
  private final Operations operations;

  Lister(ApikeyStore store, Clock clock, Operations operations) {
    this.store = store;
    this.clock = clock;
    this.operations = operations;
  }

  /** One page; the store is asked for one key more than the page holds, to tell whether another follows. */
  ApikeyPage list(Caller caller, @Nullable String after, int limit) {
    Objects.requireNonNull(caller, "caller");
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE_SIZE + ": " + limit);
    }
    return operations.timed(Operation.LIST,
        () -> ApikeyPage.of(StoreCalls.call(() -> store.list(caller.tenant(), after, limit + 1)), limit, clock.instant()));
  }

  /** Every page, each a {@link Operation#LIST} of its own. */
  List<ApikeyInfo> listAll(Caller caller) {
    List<ApikeyInfo> all = new ArrayList<>();
    String after = null;
    do {
      ApikeyPage page = list(caller, after, MAX_PAGE_SIZE);
      all.addAll(page.keys());
      after = page.next();
    } while (after != null);
    return all;
  }
}
