package io.strand.server.groups;

import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.strand.internal.proto.OffsetsSnapshotRequest;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.error.ErrorCodes;
import io.strand.server.routing.ForwardingClient;
import io.strand.store.offsets.OffsetsSnapshotSource;
import io.strand.store.raft.RaftGroups;
import java.io.IOException;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * The follower side of offsets catch-up: asks the leader node's replica service for its current offsets state.
 *
 * <p>Thread-safe; calls block (they run on the state machine's installer thread).
 */
public final class OffsetsSnapshotClient implements OffsetsSnapshotSource {

  private static final long CALL_TIMEOUT_MS = 30_000;

  private final Supplier<ClusterImage> metadata;
  private final ForwardingClient forwarding;
  private final Function<RaftGroupId, OptionalInt> partitionOf;

  public OffsetsSnapshotClient(Supplier<ClusterImage> metadata, ForwardingClient forwarding,
                               Function<RaftGroupId, OptionalInt> partitionOf) {
    this.metadata = metadata;
    this.forwarding = forwarding;
    this.partitionOf = partitionOf;
  }

  @Override
  public byte[] fetchSnapshot(RaftGroupId groupId, RaftPeerId leader) throws IOException {
    OptionalInt partition = partitionOf.apply(groupId);
    OptionalInt nodeId = RaftGroups.nodeId(leader);
    if (partition.isEmpty() || nodeId.isEmpty()) {
      throw new IOException("group " + groupId + " / peer " + leader + " is not an offsets partition leader");
    }
    NodeRegistration node = metadata.get().node(nodeId.getAsInt()).orElseThrow(() -> new IOException(
        "leader node " + nodeId.getAsInt() + " has no registered gRPC address yet"));
    try {
      return forwarding.replicaBlocking(node, Deadline.after(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS))
          .getOffsetsSnapshot(OffsetsSnapshotRequest.newBuilder().setPartition(partition.getAsInt()).build())
          .getSnapshot().toByteArray();
    } catch (StatusRuntimeException e) {
      throw new IOException("offsets snapshot of partition " + partition.getAsInt() + " from node "
          + nodeId.getAsInt() + " failed: " + ErrorCodes.message(e), e);
    }
  }
}
