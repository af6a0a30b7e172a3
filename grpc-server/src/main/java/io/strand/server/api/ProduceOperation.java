package io.strand.server.api;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Deadline;
import io.strand.api.v1.Acks;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.PartitionError;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.PartitionProduceResult;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.ProduceResponse;
import io.strand.server.cluster.NodeRegistration;
import io.strand.server.routing.ForwardingClient;
import io.strand.server.routing.PartitionOperation;
import io.strand.server.routing.UnaryCall;
import io.strand.store.partition.AppendResult;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Appending one partition's batch: on the local leader replica, or forwarded as a raw batch to the leader node.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProduceOperation implements PartitionOperation<ProduceOperation.Item, PartitionProduceResult> {

  /** One partition's validated batch. The buffer is never modified. */
  public record Item(TopicPartitionId id, ByteBuffer batch, boolean acksNone) {}

  private final int localNodeId;
  private final ForwardingClient forwarding;

  public ProduceOperation(int localNodeId, ForwardingClient forwarding) {
    this.localNodeId = localNodeId;
    this.forwarding = forwarding;
  }

  @Override
  public String method() {
    return "strand.v1.ProduceService/Produce";
  }

  @Override
  public TopicPartitionId partition(Item item) {
    return item.id();
  }

  @Override
  public CompletableFuture<PartitionProduceResult> local(PartitionReplica replica, Item item, Deadline deadline) {
    Duration timeout = Duration.ofMillis(Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS)));
    return replica.append(item.batch().duplicate(), timeout).thenApply(r -> toResult(item.id(), r));
  }

  @Override
  public CompletableFuture<List<PartitionProduceResult>> remote(NodeRegistration node, List<Item> items,
                                                               Deadline deadline) {
    ProduceRequest.Builder request = ProduceRequest.newBuilder()
        .setAcks(items.get(0).acksNone() ? Acks.ACKS_NONE : Acks.ACKS_ALL)
        .setTimeoutMs((int) Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS)));
    for (Item item : items) {
      request.addPartitions(PartitionProduceData.newBuilder().setTopic(item.id().topic())
          .setPartition(item.id().partition())
          .setRecordBatch(UnsafeByteOperations.unsafeWrap(item.batch().duplicate())));
    }
    CompletableFuture<ProduceResponse> call =
        UnaryCall.start(obs -> forwarding.produce(node, deadline).produce(request.build(), obs));
    return call.thenApply(ProduceResponse::getResultsList);
  }

  @Override
  public PartitionProduceResult failed(Item item, PartitionError error) {
    return result(item.id().topic(), item.id().partition(), error);
  }

  @Override
  public PartitionError errorOf(PartitionProduceResult result) {
    return result.getError();
  }

  static PartitionProduceResult result(String topic, int partition, PartitionError error) {
    return PartitionProduceResult.newBuilder().setTopic(topic).setPartition(partition).setError(error)
        .setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1).setLeaderId(-1).build();
  }

  private PartitionProduceResult toResult(TopicPartitionId id, AppendResult r) {
    PartitionError error = r.error() == ErrorCode.ERROR_CODE_NONE
        ? PartitionError.getDefaultInstance()
        : PartitionError.newBuilder().setCode(r.error()).setMessage(r.errorMessage()).build();
    return PartitionProduceResult.newBuilder().setTopic(id.topic()).setPartition(id.partition()).setError(error)
        .setBaseOffset(r.baseOffset()).setLogAppendTimeMs(r.appendTimeMs()).setLogStartOffset(r.logStartOffset())
        .setLeaderId(localNodeId).build();
  }
}
