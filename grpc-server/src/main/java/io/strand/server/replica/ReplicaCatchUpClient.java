package io.strand.server.replica;

import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.PartitionRef;
import io.strand.internal.proto.ReadBatchesRequest;
import io.strand.internal.proto.SnapshotInfoReply;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.error.ErrorCodes;
import io.strand.server.routing.ForwardingClient;
import io.strand.store.error.OffsetOutOfRangeException;
import io.strand.store.partition.PartitionCatchUpSource;
import io.strand.store.partition.PartitionSnapshotInfo;
import io.strand.store.partition.TopicPartitionId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The follower side of partition catch-up over Strand's own RPC: asks the leader node's {@link ReplicaService}
 * for its snapshot info and committed batches. The leader's gRPC endpoint comes from the metadata image.
 *
 * <p>Thread-safe; calls block (they run on the store's catch-up executor).
 */
public final class ReplicaCatchUpClient implements PartitionCatchUpSource {

  private static final long CALL_TIMEOUT_MS = 30_000;

  private final Supplier<ClusterImage> metadata;
  private final ForwardingClient forwarding;

  public ReplicaCatchUpClient(Supplier<ClusterImage> metadata, ForwardingClient forwarding) {
    this.metadata = metadata;
    this.forwarding = forwarding;
  }

  @Override
  public PartitionSnapshotInfo snapshotInfo(TopicPartitionId id, int leaderNodeId) throws IOException {
    try {
      SnapshotInfoReply reply = forwarding.replicaBlocking(node(leaderNodeId, id), deadline())
          .getSnapshotInfo(ref(id));
      return new PartitionSnapshotInfo(reply.getTerm(), reply.getRaftIndex(), reply.getLogStartOffset(),
          reply.getLogEndOffset(), reply.getProducerState().toByteArray());
    } catch (StatusRuntimeException e) {
      throw new IOException("snapshot info of " + id + " from node " + leaderNodeId + " failed: "
          + ErrorCodes.message(e), e);
    }
  }

  @Override
  public ByteBuffer readBatches(TopicPartitionId id, int leaderNodeId, long fromOffset, int maxBytes)
      throws IOException {
    try {
      return forwarding.replicaBlocking(node(leaderNodeId, id), deadline())
          .readBatches(ReadBatchesRequest.newBuilder().setPartition(ref(id)).setFromOffset(fromOffset)
              .setMaxBytes(maxBytes).build())
          .getBatches().asReadOnlyByteBuffer();
    } catch (StatusRuntimeException e) {
      if (ErrorCodes.of(e) == ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE) {
        var meta = io.grpc.protobuf.StatusProto.fromThrowable(e);
        throw outOfRange(meta, fromOffset, e);
      }
      throw new IOException("reading " + id + " from offset " + fromOffset + " on node " + leaderNodeId
          + " failed: " + ErrorCodes.message(e), e);
    }
  }

  private static OffsetOutOfRangeException outOfRange(com.google.rpc.Status status, long fromOffset,
                                                      StatusRuntimeException cause) {
    long start = -1;
    long end = -1;
    if (status != null) {
      for (var detail : status.getDetailsList()) {
        if (detail.is(com.google.rpc.ErrorInfo.class)) {
          try {
            var info = detail.unpack(com.google.rpc.ErrorInfo.class);
            start = Long.parseLong(info.getMetadataOrDefault(ErrorCodes.LOG_START_OFFSET, "-1"));
            end = Long.parseLong(info.getMetadataOrDefault(ErrorCodes.LOG_END_OFFSET, "-1"));
          } catch (com.google.protobuf.InvalidProtocolBufferException | NumberFormatException e) {
            cause.addSuppressed(e);
          }
        }
      }
    }
    OffsetOutOfRangeException oor = new OffsetOutOfRangeException(fromOffset, start, end);
    oor.initCause(cause);
    return oor;
  }

  private NodeRegistration node(int nodeId, TopicPartitionId id) throws IOException {
    return metadata.get().node(nodeId).orElseThrow(() -> new IOException("cannot catch up " + id + ": leader node "
        + nodeId + " has no registered gRPC address yet"));
  }

  private static Deadline deadline() {
    return Deadline.after(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private static PartitionRef ref(TopicPartitionId id) {
    return PartitionRef.newBuilder().setTopic(id.topic()).setPartition(id.partition()).build();
  }
}
