package io.strand.chaos.fault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undo actions for everything a run changed on the host, run in reverse order of registration by
 * {@link #close()} or, if the JVM is shutting down first (Ctrl-C, SIGTERM), by a shutdown hook. Each action runs
 * at most once; one failing action does not stop the others.
 *
 * <p>Thread-safe: registration and closing are synchronized.
 */
public final class CleanupRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CleanupRegistry.class);

  private final Deque<Named> actions = new ArrayDeque<>();
  private final Thread hook = new Thread(this::runAll, "chaos-cleanup");
  private boolean closed;

  /** Creates the registry and installs its shutdown hook. */
  public CleanupRegistry() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Registers an undo action; it runs before every action registered earlier. */
  public synchronized void register(String name, AutoCloseable action) {
    if (closed) {
      throw new IllegalStateException("cleanup registry already closed; cannot register " + name);
    }
    actions.push(new Named(name, action));
  }

  /** Runs every action now and removes the shutdown hook. */
  @Override
  public void close() {
    runAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook is running or has run, which is what we want
    }
  }

  private void runAll() {
    List<Named> toRun;
    synchronized (this) {
      closed = true;
      toRun = new ArrayList<>(actions);
      actions.clear();
    }
    for (Named action : toRun) {
      try {
        action.action().close();
      } catch (Exception e) {
        LOG.warn("cleanup '{}' failed: {}", action.name(), e.toString());
      }
    }
  }

  private record Named(String name, AutoCloseable action) {
  }
}
