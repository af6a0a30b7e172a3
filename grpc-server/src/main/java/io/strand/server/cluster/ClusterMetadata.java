package io.strand.server.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
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
  private final ConcurrentSkipListMap<Long, List<CompletableFuture<ClusterImage>>> waiters =
      new ConcurrentSkipListMap<>();
  private volatile ClusterImage image = ClusterImage.EMPTY;

  /** The latest image this node applied. */
  public ClusterImage image() {
    return image;
  }

  /** Calls {@code listener} with every new image from now on. */
  public void addListener(Consumer<ClusterImage> listener) {
    listeners.add(listener);
  }

  /**
   * Completes once this node has applied the metadata log up to {@code index} (read-your-writes after a command
   * this node proposed). The caller bounds the wait.
   */
  public CompletableFuture<ClusterImage> awaitApplied(long index) {
    CompletableFuture<ClusterImage> f = new CompletableFuture<>();
    waiters.computeIfAbsent(index, k -> new CopyOnWriteArrayList<>()).add(f);
    ClusterImage current = image;
    if (current.appliedIndex() >= index) {
      f.complete(current);
      completeWaiters(current);
    }
    return f;
  }

  /** Installs a newly applied image (ignored if older than the current one); called by the metadata state machine. */
  public void publish(ClusterImage next) {
    if (next.appliedIndex() < image.appliedIndex()) {
      // The metadata group was restarted in this process (io.strand.store.raft.GroupRestarter) and replays from its
      // snapshot: these states were already published. Going back would let the reconciler act on a stale image,
      // e.g. remove the replica (and data) of a topic created after the snapshot.
      return;
    }
    image = next;
    completeWaiters(next);
    for (Consumer<ClusterImage> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        LOG.error("metadata listener failed on image at index {}", next.appliedIndex(), e);
      }
    }
  }

  private void completeWaiters(ClusterImage current) {
    Map<Long, List<CompletableFuture<ClusterImage>>> done = waiters.headMap(current.appliedIndex(), true);
    for (var it = done.entrySet().iterator(); it.hasNext(); ) {
      it.next().getValue().forEach(f -> f.complete(current));
      it.remove();
    }
  }
}
