package io.strand.server.groups;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.GroupServiceGrpc;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.cluster.TopicInfo;
import io.strand.server.error.ErrorCodes;
import io.strand.server.error.GrpcErrors;
import io.strand.server.interceptor.ForwardedCalls;
import io.strand.server.routing.ForwardingClient;
import io.strand.server.routing.UnaryCall;
import io.strand.store.offsets.CoordinatorUnavailableException;
import io.strand.store.offsets.OffsetsStateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Sends a group call to the coordinator of an offsets partition: served here when this node leads the partition,
 * else forwarded to the likely leader (the Raft leader this node knows of, then the partition's replicas in
 * preference order) until one coordinates it. A forwarded call is never forwarded again: a node that does not
 * coordinate it answers NOT_COORDINATOR and the forwarding node tries the next candidate.
 *
 * <p>Thread-safe.
 */
public final class CoordinatorRouter {

  private final int localNodeId;
  private final Supplier<ClusterImage> metadata;
  private final OffsetsReplicas replicas;
  private final IntFunction<OptionalInt> leaderHint;
  private final ForwardingClient forwarding;

  /**
   * @param leaderHint the Raft leader node of an offsets partition as this node knows it (empty if unknown or
   *     not hosted here)
   */
  public CoordinatorRouter(int localNodeId, Supplier<ClusterImage> metadata, OffsetsReplicas replicas,
                           IntFunction<OptionalInt> leaderHint, ForwardingClient forwarding) {
    this.localNodeId = localNodeId;
    this.metadata = metadata;
    this.replicas = replicas;
    this.leaderHint = leaderHint;
    this.forwarding = forwarding;
  }

  /** The number of offsets partitions; fails with COORDINATOR_NOT_AVAILABLE before the topic exists. */
  public int partitionCount() {
    return offsetsTopic().partitionCount();
  }

  /** Whether this node's replica of the offsets partition is its active coordinator. */
  public boolean isLocalCoordinator(int partition) {
    return replicas.replica(partition).filter(OffsetsStateMachine::isCoordinator).isPresent();
  }

  /** The partition count of a data topic, if it exists. */
  public OptionalInt topicPartitionCount(String topic) {
    return metadata.get().topic(topic).map(t -> OptionalInt.of(t.partitionCount())).orElse(OptionalInt.empty());
  }

  /** The offsets partition of a group. */
  public int partitionFor(String groupId) {
    return OffsetsTopic.partitionFor(groupId, partitionCount());
  }

  /**
   * Runs a call on the coordinator of {@code partition}.
   *
   * @param local the call against the local state machine (when this node coordinates)
   * @param remote the same call through another node's group service
   */
  public <R> CompletableFuture<R> route(int partition, Function<OffsetsStateMachine, CompletableFuture<R>> local,
      BiConsumer<GroupServiceGrpc.GroupServiceStub, StreamObserver<R>> remote, Deadline deadline) {
    Optional<OffsetsStateMachine> here = replicas.replica(partition);
    if (ForwardedCalls.isForwarded() || here.filter(OffsetsStateMachine::isCoordinator).isPresent()) {
      return here.map(local).orElseGet(() -> CompletableFuture.failedFuture(notCoordinator(partition)));
    }
    return attempt(candidates(partition), 0, partition, local, remote, deadline, null);
  }

  private <R> CompletableFuture<R> attempt(List<Integer> candidates, int i, int partition,
      Function<OffsetsStateMachine, CompletableFuture<R>> local,
      BiConsumer<GroupServiceGrpc.GroupServiceStub, StreamObserver<R>> remote, Deadline deadline, Throwable last) {
    if (i >= candidates.size() || deadline.isExpired()) {
      return CompletableFuture.failedFuture(last != null ? last : new CoordinatorUnavailableException(
          ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE, "no coordinator for offsets partition " + partition));
    }
    int nodeId = candidates.get(i);
    CompletableFuture<R> call;
    if (nodeId == localNodeId) {
      call = replicas.replica(partition).map(local)
          .orElseGet(() -> CompletableFuture.failedFuture(notCoordinator(partition)));
    } else {
      Optional<NodeRegistration> node = metadata.get().node(nodeId);
      if (node.isEmpty()) {
        return attempt(candidates, i + 1, partition, local, remote, deadline, last);
      }
      call = UnaryCall.start(observer -> remote.accept(forwarding.groups(node.get(), deadline), observer));
    }
    return call.handle((result, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(result);
      }
      if (!retriable(failure)) {
        return CompletableFuture.<R>failedFuture(failure);
      }
      return attempt(candidates, i + 1, partition, local, remote, deadline, failure);
    }).thenCompose(Function.identity());
  }

  private static boolean retriable(Throwable failure) {
    ErrorCode code = ErrorCodes.of(failure);
    if (code == ErrorCode.ERROR_CODE_NOT_COORDINATOR || code == ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE) {
      return true;
    }
    Throwable t = GrpcErrors.unwrap(failure);
    return t instanceof io.grpc.StatusRuntimeException sre && sre.getStatus().getCode() == Status.Code.UNAVAILABLE;
  }

  private List<Integer> candidates(int partition) {
    List<Integer> candidates = new ArrayList<>();
    leaderHint.apply(partition).ifPresent(candidates::add);
    for (int replica : offsetsTopic().replicas(partition)) {
      if (!candidates.contains(replica)) {
        candidates.add(replica);
      }
    }
    return candidates;
  }

  private TopicInfo offsetsTopic() {
    return metadata.get().topic(OffsetsTopic.NAME).orElseThrow(() -> new CoordinatorUnavailableException(
        ErrorCode.ERROR_CODE_COORDINATOR_NOT_AVAILABLE, OffsetsTopic.NAME + " has not been created yet"));
  }

  private CoordinatorUnavailableException notCoordinator(int partition) {
    return new CoordinatorUnavailableException(ErrorCode.ERROR_CODE_NOT_COORDINATOR,
        "node " + localNodeId + " does not coordinate offsets partition " + partition);
  }
}
