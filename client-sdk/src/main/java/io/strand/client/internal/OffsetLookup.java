package io.strand.client.internal;

import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchServiceGrpc;
import io.strand.api.v1.ListOffsetsPartition;
import io.strand.api.v1.ListOffsetsPartitionResult;
import io.strand.api.v1.ListOffsetsRequest;
import io.strand.api.v1.ListOffsetsResponse;
import io.strand.client.TopicPartition;
import io.strand.client.admin.ListedOffset;
import io.strand.client.admin.OffsetSpec;
import io.strand.client.internal.PartitionRequests.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Offset lookups (earliest, latest, by timestamp) through FetchService.ListOffsets, sent to each partition's
 * leader (or the bootstrap address in proxy routing) with retries. Shared by the admin client and the
 * consumer.
 *
 * <p>Not API. Thread-safe.
 */
public final class OffsetLookup {
  private final ClientRuntime runtime;
  private final PartitionRequests requests;

  /** @param runtime the client's shared runtime */
  public OffsetLookup(ClientRuntime runtime) {
    this.runtime = runtime;
    this.requests = new PartitionRequests(runtime);
  }

  /**
   * @param specs what to look up per partition
   * @return per partition the offset (and timestamp for timestamp lookups)
   */
  public CompletableFuture<Map<TopicPartition, ListedOffset>> lookup(Map<TopicPartition, OffsetSpec> specs) {
    return requests.run("list offsets", List.copyOf(specs.keySet()), true, (target, partitions) -> {
      ListOffsetsRequest.Builder request = ListOffsetsRequest.newBuilder();
      for (TopicPartition tp : partitions) {
        request.addPartitions(ListOffsetsPartition.newBuilder().setTopic(tp.topic()).setPartition(tp.partition())
            .setSpec(toProto(specs.get(tp))));
      }
      FetchServiceGrpc.FetchServiceStub stub = FetchServiceGrpc.newStub(runtime.channels().channel(target))
          .withDeadlineAfter(runtime.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return Calls.<ListOffsetsResponse>unary(o -> stub.listOffsets(request.build(), o)).thenApply(r -> {
        Map<TopicPartition, Outcome<ListedOffset>> out = new HashMap<>();
        for (ListOffsetsPartitionResult result : r.getResultsList()) {
          TopicPartition tp = new TopicPartition(result.getTopic(), result.getPartition());
          out.put(tp, result.getError().getCode() == ErrorCode.ERROR_CODE_NONE
              ? Outcome.ok(new ListedOffset(result.getOffset(), result.getTimestampMs()))
              : Outcome.failed(ErrorMapper.forPartition(result.getError(), "list offsets of " + tp)));
        }
        return out;
      });
    });
  }

  private static io.strand.api.v1.OffsetSpec toProto(OffsetSpec spec) {
    io.strand.api.v1.OffsetSpec.Builder b = io.strand.api.v1.OffsetSpec.newBuilder();
    return switch (spec.kind()) {
      case EARLIEST -> b.setEarliest(true).build();
      case LATEST -> b.setLatest(true).build();
      case TIMESTAMP -> b.setTimestampMs(spec.timestampMs()).build();
    };
  }
}
