package dev.apikeys.core;

import java.util.function.Supplier;

/** How a store's failures reach callers: an {@link ApikeyException} as it is, anything else as storage-unavailable. */
final class StoreCalls {
  private StoreCalls() {}

  static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  static void run(Runnable call) {
    call(() -> {
      call.run();
      return null;
    });
  }

  /** What a store threw, as the service throws it. */
  static ApikeyException translate(RuntimeException e) {
    return e instanceof ApikeyException known ? known : new StorageUnavailableException(e);
  }
}
