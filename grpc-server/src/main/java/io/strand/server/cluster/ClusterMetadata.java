package io.strand.server.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of the cluster metadata: the latest image applied by the local metadata replica, plus
 * listeners notified of each new image. Reads are local and may lag the metadata leader slightly.
 *
 * <p>Thread-safe. Listeners are called on the metadata apply thread and must not block.
 */
public final class ClusterMetadata {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMetadata.class);

  private final List<Consumer<ClusterImage>> listeners = new CopyOnWriteArrayList<>();
  private volatile ClusterImage image = ClusterImage.EMPTY;

  /** The latest image this node applied. */
  public ClusterImage image() {
    return image;
  }

  /** Calls {@code listener} with every new image from now on. */
  public void addListener(Consumer<ClusterImage> listener) {
    listeners.add(listener);
  }

  /** Installs a newly applied image; called by the metadata state machine. */
  public void publish(ClusterImage next) {
    image = next;
    for (Consumer<ClusterImage> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        LOG.error("metadata listener failed on image at index {}", next.appliedIndex(), e);
      }
    }
  }
}
