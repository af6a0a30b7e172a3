package io.strand.store.partition;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PartitionReplica#onHighWatermark} listeners of one replica. A listener that throws is logged and does
 * not stop the others.
 *
 * <p>Thread-safe: listeners register from any thread; notifications come from the apply thread or from catch-up
 * (never concurrently, both hold the state machine's state lock or follow it).
 */
final class HighWatermarkListeners {
  private static final Logger LOG = LoggerFactory.getLogger(HighWatermarkListeners.class);

  private final String name;
  private final CopyOnWriteArrayList<LongConsumer> listeners = new CopyOnWriteArrayList<>();
  private volatile long lastNotified = -1;

  HighWatermarkListeners(String name) {
    this.name = name;
  }

  AutoCloseable add(LongConsumer listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Notifies every listener if the high watermark differs from the last one notified. */
  void changed(long highWatermark) {
    if (highWatermark == lastNotified) {
      return;
    }
    lastNotified = highWatermark;
    for (LongConsumer listener : listeners) {
      try {
        listener.accept(highWatermark);
      } catch (RuntimeException e) {
        LOG.warn("{}: high watermark listener failed", name, e);
      }
    }
  }
}
