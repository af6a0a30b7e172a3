package io.strand.server;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes one resource on a thread of its own, so that a slow close overlaps with the rest of a shutdown. Closing a
 * Ratis client waits out Netty's fixed two-second quiet period; done in line it adds those seconds to every
 * node shutdown (and every rolling restart).
 *
 * <p>Thread-safe: {@link #start} once, then {@link #await} from any thread.
 */
final class BackgroundClose {

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundClose.class);

  private final String name;
  private final Duration timeout;
  private volatile Thread closer;

  BackgroundClose(String name, Duration timeout) {
    this.name = name;
    this.timeout = timeout;
  }

  /** Starts closing {@code resource}; errors are logged. */
  void start(AutoCloseable resource) {
    Thread thread = new Thread(() -> {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("error while closing the {}", name, e);
      }
    }, "strand-close-" + name);
    thread.setDaemon(true);
    closer = thread;
    thread.start();
  }

  /** Waits for a started close to finish, at most the timeout; returns at once if none was started. */
  void await() throws InterruptedException {
    Thread thread = closer;
    if (thread != null) {
      thread.join(timeout.toMillis());
      if (thread.isAlive()) {
        LOG.warn("the {} did not close within {}", name, timeout);
      }
    }
  }
}
