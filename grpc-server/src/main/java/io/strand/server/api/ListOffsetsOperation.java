package io.strand.server.api;

import io.grpc.Deadline;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.ListOffsetsPartition;
import io.strand.api.v1.ListOffsetsPartitionResult;
import io.strand.api.v1.ListOffsetsRequest;
import io.strand.api.v1.ListOffsetsResponse;
import io.strand.api.v1.PartitionError;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.routing.ForwardingClient;
import io.strand.server.routing.PartitionOperation;
import io.strand.server.routing.UnaryCall;
import io.strand.store.log.TimestampOffset;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Offset lookups (earliest, latest, by timestamp) on the partition leader. Stateless and thread-safe. */
public final class ListOffsetsOperation
    implements PartitionOperation<ListOffsetsPartition, ListOffsetsPartitionResult> {

  private final ForwardingClient forwarding;

  public ListOffsetsOperation(ForwardingClient forwarding) {
    this.forwarding = forwarding;
  }

  @Override
  public String method() {
    return "strand.v1.FetchService/ListOffsets";
  }

  @Override
  public TopicPartitionId partition(ListOffsetsPartition item) {
    return new TopicPartitionId(item.getTopic(), item.getPartition());
  }

  @Override
  public CompletableFuture<ListOffsetsPartitionResult> local(PartitionReplica replica, ListOffsetsPartition item,
                                                            Deadline deadline) {
    ListOffsetsPartitionResult.Builder b = ListOffsetsPartitionResult.newBuilder().setTopic(item.getTopic())
        .setPartition(item.getPartition()).setTimestampMs(-1);
    switch (item.getSpec().getSpecCase()) {
      case EARLIEST -> b.setOffset(replica.logStartOffset());
      case LATEST -> b.setOffset(replica.highWatermark());
      case TIMESTAMP_MS -> {
        Optional<TimestampOffset> found = replica.offsetForTimestamp(item.getSpec().getTimestampMs());
        b.setOffset(found.map(TimestampOffset::offset).orElse(-1L))
            .setTimestampMs(found.map(TimestampOffset::timestampMs).orElse(-1L));
      }
      case SPEC_NOT_SET -> b.setOffset(-1).setError(PartitionError.newBuilder()
          .setCode(ErrorCode.ERROR_CODE_INVALID_REQUEST)
          .setMessage("no offset spec: set earliest, latest or timestamp_ms"));
    }
    return CompletableFuture.completedFuture(b.build());
  }

  @Override
  public CompletableFuture<List<ListOffsetsPartitionResult>> remote(NodeRegistration node,
                                                                   List<ListOffsetsPartition> items,
                                                                   Deadline deadline) {
    ListOffsetsRequest request = ListOffsetsRequest.newBuilder().addAllPartitions(items).build();
    return UnaryCall.<ListOffsetsRequest, ListOffsetsResponse>start(
            obs -> forwarding.fetch(node, deadline).listOffsets(request, obs))
        .thenApply(ListOffsetsResponse::getResultsList);
  }

  @Override
  public ListOffsetsPartitionResult failed(ListOffsetsPartition item, PartitionError error) {
    return ListOffsetsPartitionResult.newBuilder().setTopic(item.getTopic()).setPartition(item.getPartition())
        .setError(error).setOffset(-1).setTimestampMs(-1).build();
  }

  @Override
  public PartitionError errorOf(ListOffsetsPartitionResult result) {
    return result.getError();
  }
}
