package io.strand.server.api;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Deadline;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchPartition;
import io.strand.api.v1.FetchPartitionResult;
import io.strand.api.v1.FetchRequest;
import io.strand.api.v1.FetchResponse;
import io.strand.api.v1.PartitionError;
import io.strand.api.v1.RecordFormat;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.routing.ForwardingClient;
import io.strand.server.routing.PartitionOperation;
import io.strand.server.routing.UnaryCall;
import io.strand.store.error.OffsetOutOfRangeException;
import io.strand.store.log.LogReadResult;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An immediate (non-waiting) read of one partition on its leader: locally, or forwarded to the leader node with
 * max_wait_ms = 0. The long-poll is layered on top by {@link FetchService}.
 *
 * <p>Stateless and thread-safe.
 */
public final class FetchOperation implements PartitionOperation<FetchOperation.Item, FetchPartitionResult> {

  /** One partition to read; {@code maxBytes} already resolved from the request defaults. */
  public record Item(TopicPartitionId id, long fetchOffset, int maxBytes, RecordFormat format) {}

  private final int localNodeId;
  private final ForwardingClient forwarding;

  public FetchOperation(int localNodeId, ForwardingClient forwarding) {
    this.localNodeId = localNodeId;
    this.forwarding = forwarding;
  }

  @Override
  public String method() {
    return "strand.v1.FetchService/Fetch";
  }

  @Override
  public TopicPartitionId partition(Item item) {
    return item.id();
  }

  @Override
  public CompletableFuture<FetchPartitionResult> local(PartitionReplica replica, Item item, Deadline deadline) {
    return CompletableFuture.completedFuture(read(replica, item, localNodeId));
  }

  /** Reads committed data at the item's offset from a replica; an offset out of range becomes a result. */
  static FetchPartitionResult read(PartitionReplica replica, Item item, int servedBy) {
    FetchPartitionResult.Builder b = FetchPartitionResult.newBuilder().setTopic(item.id().topic())
        .setPartition(item.id().partition()).setLeaderId(servedBy);
    long logStart = replica.logStartOffset();
    long hw = replica.highWatermark();
    try {
      if (item.fetchOffset() < 0) {
        throw new OffsetOutOfRangeException(item.fetchOffset(), logStart, hw);
      }
      LogReadResult read = replica.read(item.fetchOffset(), item.maxBytes());
      b.setHighWatermark(Math.max(hw, read.nextOffset())).setLogStartOffset(logStart)
          .setNextOffset(read.isEmpty() ? item.fetchOffset() : read.nextOffset());
      if (!read.isEmpty()) {
        if (item.format() == RecordFormat.RECORD_FORMAT_RAW) {
          b.setRecordBatches(UnsafeByteOperations.unsafeWrap(read.records()));
        } else {
          b.addAllRecords(RecordConversion.decode(read.records(), item.fetchOffset()));
        }
      }
      return b.build();
    } catch (OffsetOutOfRangeException e) {
      return b.setError(PartitionError.newBuilder().setCode(ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE)
              .setMessage(e.getMessage() + "; seek into the range and fetch again"))
          .setLogStartOffset(e.logStartOffset()).setHighWatermark(e.logEndOffset())
          .setNextOffset(item.fetchOffset()).build();
    }
  }

  @Override
  public CompletableFuture<List<FetchPartitionResult>> remote(NodeRegistration node, List<Item> items,
                                                             Deadline deadline) {
    return UnaryCall.<FetchRequest, FetchResponse>start(
            obs -> forwarding.fetch(node, deadline).fetch(request(items, 0), obs))
        .thenApply(FetchResponse::getResultsList);
  }

  /** A forwarded fetch of {@code items} waiting up to {@code maxWaitMs} for any data. */
  static FetchRequest request(List<Item> items, int maxWaitMs) {
    FetchRequest.Builder b = FetchRequest.newBuilder().setMaxWaitMs(maxWaitMs).setMinBytes(1)
        .setFormat(items.get(0).format());
    for (Item item : items) {
      b.addPartitions(FetchPartition.newBuilder().setTopic(item.id().topic()).setPartition(item.id().partition())
          .setFetchOffset(item.fetchOffset()).setMaxBytes(item.maxBytes()));
    }
    return b.build();
  }

  @Override
  public FetchPartitionResult failed(Item item, PartitionError error) {
    return FetchPartitionResult.newBuilder().setTopic(item.id().topic()).setPartition(item.id().partition())
        .setError(error).setHighWatermark(-1).setLogStartOffset(-1).setLeaderId(-1)
        .setNextOffset(item.fetchOffset()).build();
  }

  @Override
  public PartitionError errorOf(FetchPartitionResult result) {
    return result.getError();
  }

  /** Bytes of record data in a result (raw batch bytes, or the encoded size of structured records). */
  static long dataBytes(FetchPartitionResult result) {
    long bytes = result.getRecordBatches().size();
    for (var r : result.getRecordsList()) {
      bytes += r.getSerializedSize();
    }
    return bytes;
  }
}
