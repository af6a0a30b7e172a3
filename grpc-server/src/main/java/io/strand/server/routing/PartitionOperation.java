package io.strand.server.routing;

import io.grpc.Deadline;
import io.strand.api.v1.PartitionError;
import io.strand.server.cluster.NodeRegistration;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One kind of per-partition request (produce, fetch, list-offsets, ...) as {@link RoutedExecution} runs it:
 * locally on a leading replica, or forwarded in one request per leader node.
 *
 * @param <I> one partition's part of the request
 * @param <R> one partition's result
 */
public interface PartitionOperation<I, R> {

  /** The gRPC method name, for metrics. */
  String method();

  TopicPartitionId partition(I item);

  /** Serves one item on the local leader replica. Failures are turned into results by the caller. */
  CompletableFuture<R> local(PartitionReplica replica, I item, Deadline deadline);

  /**
   * Forwards items to another node in one call (marked as forwarded) and returns one result per item, in order.
   * A failed future means the node could not be reached or failed as a whole.
   */
  CompletableFuture<List<R>> remote(NodeRegistration node, List<I> items, Deadline deadline);

  /** A result carrying only an error. */
  R failed(I item, PartitionError error);

  /** The error in a result (code NONE on success). */
  PartitionError errorOf(R result);
}
