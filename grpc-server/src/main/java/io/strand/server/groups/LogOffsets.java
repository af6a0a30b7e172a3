package io.strand.server.groups;

import io.grpc.Context;
import io.grpc.Deadline;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.ListOffsetsPartition;
import io.strand.api.v1.ListOffsetsPartitionResult;
import io.strand.api.v1.OffsetSpec;
import io.strand.server.api.ListOffsetsOperation;
import io.strand.server.routing.RoutedExecution;
import io.strand.store.offsets.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Looks up partition offsets (log start, log end, by timestamp) on the partitions' leaders, for describe (lag) and
 * reset. Runs as a fresh routed call even when the group call itself was forwarded: the coordinator is usually not
 * the leader of the data partitions, so it must be allowed to forward these lookups.
 *
 * <p>Thread-safe.
 */
public final class LogOffsets {

  private final RoutedExecution execution;
  private final ListOffsetsOperation operation;

  public LogOffsets(RoutedExecution execution, ListOffsetsOperation operation) {
    this.execution = execution;
    this.operation = operation;
  }

  /** The offset per partition for {@code spec}; -1 where the lookup failed or a timestamp found nothing. */
  public CompletableFuture<Map<TopicPartition, Long>> lookup(Collection<TopicPartition> partitions, OffsetSpec spec,
                                                             Deadline deadline) {
    if (partitions.isEmpty()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    List<ListOffsetsPartition> items = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      items.add(ListOffsetsPartition.newBuilder().setTopic(tp.topic()).setPartition(tp.partition()).setSpec(spec)
          .build());
    }
    CompletableFuture<List<ListOffsetsPartitionResult>> results;
    try {
      results = Context.ROOT.call(() -> execution.run(operation, items, deadline));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    return results.thenApply(list -> {
      Map<TopicPartition, Long> out = new HashMap<>();
      for (ListOffsetsPartitionResult r : list) {
        boolean ok = r.getError().getCode() == ErrorCode.ERROR_CODE_NONE;
        out.put(new TopicPartition(r.getTopic(), r.getPartition()), ok ? r.getOffset() : -1L);
      }
      return out;
    });
  }
}
