package io.strand.client.internal.consumer;

import io.strand.api.v1.CommitOffset;
import io.strand.api.v1.CommitOffsetsRequest;
import io.strand.api.v1.CommitOffsetsResponse;
import io.strand.api.v1.ConsumerGroupHeartbeatRequest;
import io.strand.api.v1.ConsumerGroupHeartbeatResponse;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchOffsetsRequest;
import io.strand.api.v1.FetchOffsetsResponse;
import io.strand.api.v1.GroupServiceGrpc;
import io.strand.api.v1.TopicPartitions;
import io.strand.client.TopicPartition;
import io.strand.client.error.CommitFailedException;
import io.strand.client.internal.Calls;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.Endpoint;
import io.strand.client.internal.ErrorMapper;
import io.strand.client.internal.RetryingCall;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The consumer's group RPCs (any node forwards them to the coordinator), retried on retriable errors.
 *
 * <p>Not API. Thread-safe.
 */
final class GroupCalls {

  private final ClientRuntime runtime;
  private final RetryingCall retrying;
  private final String groupId;

  GroupCalls(ClientRuntime runtime, String groupId) {
    this.runtime = runtime;
    this.retrying = new RetryingCall(runtime);
    this.groupId = groupId;
  }

  private GroupServiceGrpc.GroupServiceStub stub(Endpoint target) {
    return GroupServiceGrpc.newStub(runtime.channels().channel(target))
        .withDeadlineAfter(runtime.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  CompletableFuture<ConsumerGroupHeartbeatResponse> heartbeat(ConsumerGroupHeartbeatRequest request) {
    return retrying.run("heartbeat of group " + groupId, target ->
        Calls.<ConsumerGroupHeartbeatResponse>unary(o -> stub(target).consumerGroupHeartbeat(request, o)));
  }

  /** Commits; fails with {@link CommitFailedException} when the member is fenced. */
  CompletableFuture<Void> commit(String memberId, int epoch, Map<TopicPartition, Long> offsets) {
    CommitOffsetsRequest.Builder b = CommitOffsetsRequest.newBuilder().setGroupId(groupId).setMemberId(memberId)
        .setMemberEpoch(epoch);
    offsets.forEach((tp, offset) -> b.addOffsets(CommitOffset.newBuilder().setTopic(tp.topic())
        .setPartition(tp.partition()).setOffset(offset).setLeaderEpoch(-1)));
    CommitOffsetsRequest request = b.build();
    return retrying.run("commit of group " + groupId, target ->
        Calls.<CommitOffsetsResponse>unary(o -> stub(target).commitOffsets(request, o)))
        .thenAccept(response -> response.getResultsList().forEach(r -> {
          if (r.getError() == ErrorCode.ERROR_CODE_STALE_MEMBER_EPOCH
              || r.getError() == ErrorCode.ERROR_CODE_UNKNOWN_MEMBER_ID) {
            throw new CommitFailedException("commit of " + r.getTopic() + "-" + r.getPartition() + " refused ("
                + ErrorMapper.shortName(r.getError()) + "): this consumer's epoch in group " + groupId
                + " moved on (rebalance or eviction); poll, then commit again");
          }
          if (r.getError() != ErrorCode.ERROR_CODE_NONE) {
            throw ErrorMapper.forCode(r.getError(), "commit of " + r.getTopic() + "-" + r.getPartition(),
                r.getErrorMessage(), io.strand.api.v1.LeaderHint.getDefaultInstance());
          }
        }));
  }

  CompletableFuture<Map<TopicPartition, Long>> committed(Set<TopicPartition> partitions) {
    Map<String, TopicPartitions.Builder> byTopic = new TreeMap<>();
    partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> TopicPartitions.newBuilder().setTopic(t))
        .addPartitions(tp.partition()));
    FetchOffsetsRequest.Builder b = FetchOffsetsRequest.newBuilder().setGroupId(groupId);
    byTopic.values().forEach(b::addPartitions);
    FetchOffsetsRequest request = b.build();
    return retrying.run("committed offsets of group " + groupId, target ->
        Calls.<FetchOffsetsResponse>unary(o -> stub(target).fetchOffsets(request, o)))
        .thenApply(response -> {
          Map<TopicPartition, Long> out = new LinkedHashMap<>();
          response.getOffsetsList().stream().filter(o -> o.getOffset() >= 0)
              .forEach(o -> out.put(new TopicPartition(o.getTopic(), o.getPartition()), o.getOffset()));
          return out;
        });
  }
}
