package io.strand.server.api;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.Acks;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.PartitionError;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.PartitionProduceResult;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.ProduceResponse;
import io.strand.api.v1.ProduceServiceGrpc;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.TopicConfigs;
import io.strand.server.error.ErrorCodes;
import io.strand.server.error.GrpcErrors;
import io.strand.server.routing.RoutedExecution;
import io.strand.store.partition.TopicPartitionId;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Produce: validates each partition's batch (raw: one valid RecordBatch v2; structured: encoded here), checks it
 * against the topic's max.message.bytes, then appends it on the partition leader (locally or forwarded, retried
 * across leader changes). With ACKS_NONE the reply goes out once the request is validated.
 *
 * <p>Thread-safe.
 */
public final class ProduceService extends ProduceServiceGrpc.ProduceServiceImplBase {

  private final ProduceOperation operation;
  private final RoutedExecution execution;
  private final RequestLimits limits;
  private final Supplier<ClusterImage> metadata;
  private final TopicConfigs topicConfigs;
  private final Clock clock;

  public ProduceService(ProduceOperation operation, RoutedExecution execution, RequestLimits limits,
                        Supplier<ClusterImage> metadata, TopicConfigs topicConfigs, Clock clock) {
    this.operation = operation;
    this.execution = execution;
    this.limits = limits;
    this.metadata = metadata;
    this.topicConfigs = topicConfigs;
    this.clock = clock;
  }

  @Override
  public void produce(ProduceRequest request, StreamObserver<ProduceResponse> responses) {
    limits.checkSize(request);
    limits.checkPartitions(request.getPartitionsList(), p -> p.getTopic() + "-" + p.getPartition());
    Deadline deadline = limits.deadline(request.getTimeoutMs());
    boolean acksNone = request.getAcks() == Acks.ACKS_NONE;
    PartitionProduceResult[] results = new PartitionProduceResult[request.getPartitionsCount()];
    List<ProduceOperation.Item> items = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < request.getPartitionsCount(); i++) {
      PartitionProduceData data = request.getPartitions(i);
      try {
        items.add(prepare(data, acksNone));
        positions.add(i);
      } catch (RuntimeException e) {
        results[i] = ProduceOperation.result(data.getTopic(), data.getPartition(), ErrorCodes.partitionError(e));
      }
    }
    if (acksNone) {
      for (int i = 0; i < positions.size(); i++) {
        ProduceOperation.Item item = items.get(i);
        results[positions.get(i)] = ProduceOperation.result(item.id().topic(), item.id().partition(),
            PartitionError.getDefaultInstance());
      }
      respond(responses, results);
      Context.current().fork().run(() -> execution.run(operation, items, deadline));
      return;
    }
    execution.run(operation, items, deadline).whenComplete((partitionResults, failure) -> {
      if (failure != null) {
        responses.onError(GrpcErrors.toStatusException(failure));
        return;
      }
      for (int i = 0; i < positions.size(); i++) {
        results[positions.get(i)] = partitionResults.get(i);
      }
      respond(responses, results);
    });
  }

  private ProduceOperation.Item prepare(PartitionProduceData data, boolean acksNone) {
    TopicPartitionId id = new TopicPartitionId(data.getTopic(), data.getPartition());
    ByteBuffer batch = switch (data.getPayloadCase()) {
      case RECORD_BATCH -> RecordConversion.checkRawBatch(data.getRecordBatch());
      case RECORDS -> RecordConversion.encode(data.getRecords(), clock.millis());
      case PAYLOAD_NOT_SET -> throw new IllegalArgumentException("partition " + id
          + " has no payload: set record_batch or records");
    };
    metadata.get().topic(id.topic()).ifPresent(topic -> {
      int max = topicConfigs.effective(topic).maxMessageBytes();
      if (batch.remaining() > max) {
        throw new io.strand.server.error.StrandException(ErrorCode.ERROR_CODE_RECORD_TOO_LARGE, "the batch for "
            + id + " is " + batch.remaining() + " bytes; the topic's max.message.bytes is " + max
            + ": split it into smaller batches");
      }
    });
    return new ProduceOperation.Item(id, batch, acksNone);
  }

  private static void respond(StreamObserver<ProduceResponse> responses, PartitionProduceResult[] results) {
    responses.onNext(ProduceResponse.newBuilder().addAllResults(List.of(results)).build());
    responses.onCompleted();
  }
}
