package dev.apikeys.cache;

import dev.apikeys.core.spi.ChangeFeed;
import dev.apikeys.core.spi.ChangeListener;

/** A feed the test drives by hand. */
final class ManualFeed implements ChangeFeed {
  volatile ChangeListener listener;
  volatile boolean closed;

  @Override
  public void start(ChangeListener listener) {
    if (this.listener != null) {
      throw new IllegalStateException("started twice");
    }
    this.listener = listener;
  }

  @Override
  public void close() {
    closed = true;
  }
}
