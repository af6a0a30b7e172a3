package io.strand.server.groups;

import io.grpc.Deadline;
import io.strand.api.v1.DescribeGroupRequest;
import io.strand.api.v1.DescribeGroupResponse;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.GroupPartitionDescription;
import io.strand.api.v1.OffsetSpec;
import io.strand.api.v1.ResetOffsetsRequest;
import io.strand.api.v1.ResetOffsetsResponse;
import io.strand.server.error.GrpcErrors;
import io.strand.store.offsets.GroupDescription;
import io.strand.store.offsets.OffsetAndMetadata;
import io.strand.store.offsets.OffsetsStateMachine;
import io.strand.store.offsets.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator side of describe (adds log end offsets and lag) and reset (resolves earliest / latest /
 * timestamp / exact targets to offsets, then writes them while the group is empty).
 *
 * <p>Thread-safe.
 */
final class GroupAdmin {

  private static final OffsetSpec EARLIEST = OffsetSpec.newBuilder().setEarliest(true).build();
  private static final OffsetSpec LATEST = OffsetSpec.newBuilder().setLatest(true).build();

  private final CoordinatorRouter router;
  private final LogOffsets logOffsets;

  GroupAdmin(CoordinatorRouter router, LogOffsets logOffsets) {
    this.router = router;
    this.logOffsets = logOffsets;
  }

  CompletableFuture<DescribeGroupResponse> describe(OffsetsStateMachine sm, DescribeGroupRequest request,
                                                    Deadline deadline) {
    return sm.describeGroup(request.getGroupId()).thenCompose(found -> {
      GroupDescription group = found.orElseThrow(() -> GrpcErrors.exception(ErrorCode.ERROR_CODE_GROUP_ID_NOT_FOUND,
          "group " + request.getGroupId() + " does not exist"));
      SortedMap<TopicPartition, String> owners = new TreeMap<>();
      for (GroupDescription.Member m : group.members()) {
        m.assigned().union(m.pendingRevocation()).forEach((topic, p) -> owners.put(new TopicPartition(topic, p),
            m.memberId()));
      }
      SortedMap<TopicPartition, OffsetAndMetadata> offsets = group.offsets();
      TreeMap<TopicPartition, Boolean> all = new TreeMap<>();
      owners.keySet().forEach(tp -> all.put(tp, true));
      offsets.keySet().forEach(tp -> all.put(tp, true));
      return logOffsets.lookup(all.keySet(), LATEST, deadline).thenApply(ends -> {
        DescribeGroupResponse.Builder b = DescribeGroupResponse.newBuilder().setGroupId(group.groupId())
            .setState(group.state().name()).setGroupEpoch(group.groupEpoch())
            .setAssignmentEpoch(group.assignmentEpoch()).setAssignor(group.assignor());
        group.members().forEach(m -> b.addMembers(GroupProtos.member(m)));
        for (TopicPartition tp : all.keySet()) {
          OffsetAndMetadata committed = offsets.get(tp);
          long current = committed == null ? -1 : committed.offset();
          long end = ends.getOrDefault(tp, -1L);
          b.addPartitions(GroupPartitionDescription.newBuilder().setTopic(tp.topic()).setPartition(tp.partition())
              .setCommittedOffset(current).setLogEndOffset(end)
              .setLag(current >= 0 && end >= 0 ? Math.max(0, end - current) : -1)
              .setMemberId(owners.getOrDefault(tp, "")));
        }
        return b.build();
      });
    });
  }

  CompletableFuture<ResetOffsetsResponse> reset(OffsetsStateMachine sm, ResetOffsetsRequest request,
                                                Deadline deadline) {
    List<TopicPartition> partitions = partitions(request);
    CompletableFuture<Map<TopicPartition, Long>> starts = logOffsets.lookup(partitions, EARLIEST, deadline);
    CompletableFuture<Map<TopicPartition, Long>> ends = logOffsets.lookup(partitions, LATEST, deadline);
    CompletableFuture<Map<TopicPartition, Long>> byTime = request.getTarget().hasTimestampMs()
        ? logOffsets.lookup(partitions, OffsetSpec.newBuilder().setTimestampMs(request.getTarget().getTimestampMs())
            .build(), deadline)
        : CompletableFuture.completedFuture(Map.of());
    return CompletableFuture.allOf(starts, ends, byTime).thenCompose(v -> {
      Map<TopicPartition, Long> targets = new TreeMap<>();
      for (TopicPartition tp : partitions) {
        long start = starts.join().getOrDefault(tp, -1L);
        long end = ends.join().getOrDefault(tp, -1L);
        if (start < 0 || end < 0) {
          throw GrpcErrors.exception(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, "cannot look up the offsets of "
              + tp + " (no leader?); retry");
        }
        targets.put(tp, target(request, start, end, byTime.join().getOrDefault(tp, -1L)));
      }
      return sm.resetOffsets(request.getGroupId(), targets).thenApply(result -> {
        GroupService.requireSuccess(result);
        ResetOffsetsResponse.Builder b = ResetOffsetsResponse.newBuilder();
        targets.forEach((tp, offset) -> b.addOffsets(GroupProtos.committed(tp,
            new OffsetAndMetadata(offset, -1, "", System.currentTimeMillis()))));
        return b.build();
      });
    });
  }

  private static long target(ResetOffsetsRequest request, long start, long end, long byTime) {
    return switch (request.getTarget().getTargetCase()) {
      case EARLIEST -> start;
      case LATEST -> end;
      case TIMESTAMP_MS -> byTime < 0 ? end : byTime;
      case OFFSET -> Math.max(start, Math.min(end, request.getTarget().getOffset()));
      case TARGET_NOT_SET -> throw GrpcErrors.exception(ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "target must be set: earliest, latest, timestamp_ms or offset");
    };
  }

  private List<TopicPartition> partitions(ResetOffsetsRequest request) {
    if (request.getTarget().getTargetCase() == io.strand.api.v1.ResetTarget.TargetCase.TARGET_NOT_SET) {
      throw GrpcErrors.exception(ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "target must be set: earliest, latest, timestamp_ms or offset");
    }
    int count = router.topicPartitionCount(request.getTopic()).orElseThrow(() -> GrpcErrors.exception(
        ErrorCode.ERROR_CODE_UNKNOWN_TOPIC, "topic " + request.getTopic() + " does not exist"));
    List<TopicPartition> out = new ArrayList<>();
    if (request.getPartitionsList().isEmpty()) {
      for (int p = 0; p < count; p++) {
        out.add(new TopicPartition(request.getTopic(), p));
      }
    } else {
      for (int p : request.getPartitionsList()) {
        if (p < 0 || p >= count) {
          throw GrpcErrors.exception(ErrorCode.ERROR_CODE_UNKNOWN_PARTITION, "topic " + request.getTopic()
              + " has no partition " + p + " (it has " + count + ")");
        }
        out.add(new TopicPartition(request.getTopic(), p));
      }
    }
    return out;
  }
}
