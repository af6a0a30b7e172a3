package io.strand.store.offsets;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.OffsetCommitSource;
import io.strand.internal.proto.OffsetsRecord;
import io.strand.internal.proto.OffsetsRemovalReason;
import io.strand.store.offsets.OffsetCommitRequest.PartitionOffset;
import io.strand.store.offsets.OffsetCommitResponse.PartitionResult;
import io.strand.store.offsets.assignor.Assignment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Committed offsets: member and simple commits (with epoch fencing), admin resets and retention expiry. Reads the
 * state, never writes it. Stateless apart from its config; thread-safe.
 */
final class OffsetCommitHandler {
  private final OffsetsConfig config;

  OffsetCommitHandler(OffsetsConfig config) {
    this.config = config;
  }

  CoordinatorResult<OffsetCommitResponse> commit(CoordinatorState state, OffsetCommitRequest req, TopicsView topics,
      long nowMs) {
    Optional<ConsumerGroup> group = state.groups().group(req.groupId());
    Optional<GroupOperationResult> rejected = checkCommitter(group, req);
    if (rejected.isPresent()) {
      return CoordinatorResult.of(allFailed(req, rejected.get().error(), rejected.get().message()));
    }
    List<OffsetsRecord> records = new ArrayList<>();
    if (group.isEmpty()) {
      records.add(Records.groupMetadata(req.groupId(), 0, config.defaultAssignor(), nowMs,
          Collections.emptySortedMap()));
    }
    OffsetCommitSource source = req.memberId().isEmpty()
        ? OffsetCommitSource.OFFSET_COMMIT_SOURCE_SIMPLE : OffsetCommitSource.OFFSET_COMMIT_SOURCE_MEMBER;
    List<PartitionResult> results = new ArrayList<>(req.offsets().size());
    Set<TopicPartition> seen = new HashSet<>();
    int commits = 0;
    for (PartitionOffset po : req.offsets()) {
      TopicPartition tp = po.partition();
      Optional<PartitionResult> invalid = validate(po, topics, seen);
      if (invalid.isPresent()) {
        results.add(invalid.get());
        continue;
      }
      Optional<OffsetAndMetadata> current = state.offsets().offset(req.groupId(), tp);
      if (current.isPresent() && po.offset() < current.get().offset() && !req.allowRewind()) {
        results.add(ok(tp, current.get().offset()));
        continue;
      }
      records.add(Records.offsetCommit(req.groupId(), tp,
          new OffsetAndMetadata(po.offset(), po.leaderEpoch(), po.metadata(), nowMs), source, req.memberId()));
      commits++;
      results.add(ok(tp, po.offset()));
    }
    return new CoordinatorResult<>(commits == 0 ? List.of() : records, new OffsetCommitResponse(results));
  }

  /** The group's committed offsets: all of them, or just {@code partitions} (missing ones are absent). */
  Map<TopicPartition, OffsetAndMetadata> fetch(CoordinatorState state, String groupId,
      Optional<? extends Iterable<TopicPartition>> partitions) {
    Map<TopicPartition, OffsetAndMetadata> all = state.offsets().offsets(groupId);
    if (partitions.isEmpty()) {
      return new TreeMap<>(all);
    }
    Map<TopicPartition, OffsetAndMetadata> out = new TreeMap<>();
    for (TopicPartition tp : partitions.get()) {
      OffsetAndMetadata o = all.get(tp);
      if (o != null) {
        out.put(tp, o);
      }
    }
    return out;
  }

  /** Sets offsets of an empty (or new) group, backwards too. */
  CoordinatorResult<GroupOperationResult> reset(CoordinatorState state, String groupId,
      Map<TopicPartition, Long> offsets, TopicsView topics, long nowMs) {
    Optional<ConsumerGroup> group = state.groups().group(groupId);
    if (group.isPresent() && !group.get().isEmpty()) {
      return CoordinatorResult.of(new GroupOperationResult(ErrorCode.ERROR_CODE_GROUP_NOT_EMPTY,
          "group " + groupId + " has " + group.get().members().size() + " members; stop them before resetting"));
    }
    if (groupId.isEmpty() || offsets.isEmpty()) {
      return CoordinatorResult.of(new GroupOperationResult(ErrorCode.ERROR_CODE_INVALID_REQUEST,
          "a reset needs a group id and at least one partition"));
    }
    List<OffsetsRecord> records = new ArrayList<>();
    if (group.isEmpty()) {
      records.add(Records.groupMetadata(groupId, 0, config.defaultAssignor(), nowMs,
          Collections.emptySortedMap()));
    }
    Set<TopicPartition> seen = new HashSet<>();
    for (Map.Entry<TopicPartition, Long> e : new TreeMap<>(offsets).entrySet()) {
      Optional<PartitionResult> invalid = validate(new PartitionOffset(e.getKey(), e.getValue(), -1, ""), topics,
          seen);
      if (invalid.isPresent()) {
        return CoordinatorResult.of(new GroupOperationResult(invalid.get().error(), invalid.get().errorMessage()));
      }
      records.add(Records.offsetCommit(groupId, e.getKey(), new OffsetAndMetadata(e.getValue(), -1, "", nowMs),
          OffsetCommitSource.OFFSET_COMMIT_SOURCE_RESET, ""));
    }
    return new CoordinatorResult<>(records, GroupOperationResult.OK);
  }

  /**
   * Removes committed offsets of empty groups once {@code offsets.retention} has passed since the group became
   * empty (or since the commit, if later), and deletes empty groups left without offsets.
   */
  CoordinatorResult<Integer> expire(CoordinatorState state, long nowMs) {
    List<OffsetsRecord> records = new ArrayList<>();
    int removed = 0;
    for (ConsumerGroup g : state.groups().groups().values()) {
      if (!g.isEmpty()) {
        continue;
      }
      Assignment.Builder expired = Assignment.builder();
      Map<TopicPartition, OffsetAndMetadata> offsets = state.offsets().offsets(g.groupId());
      offsets.forEach((tp, o) -> {
        long base = Math.max(Math.max(g.emptySinceMs(), 0), o.commitTimeMs());
        if (nowMs - base >= config.offsetsRetentionMs()) {
          expired.add(tp.topic(), tp.partition());
        }
      });
      removed += expired.size();
      if (expired.size() == offsets.size()) {
        records.add(Records.groupDeleted(g.groupId()));
      } else if (expired.size() > 0) {
        records.add(Records.offsetsRemoved(g.groupId(), expired.build(),
            OffsetsRemovalReason.OFFSETS_REMOVAL_REASON_EXPIRED));
      }
    }
    return new CoordinatorResult<>(records, removed);
  }

  private static Optional<GroupOperationResult> checkCommitter(Optional<ConsumerGroup> group,
      OffsetCommitRequest req) {
    if (req.groupId().isEmpty()) {
      return Optional.of(new GroupOperationResult(ErrorCode.ERROR_CODE_INVALID_REQUEST, "group id must not be empty"));
    }
    if (req.memberId().isEmpty()) {
      if (group.isPresent() && !group.get().isEmpty()) {
        return Optional.of(new GroupOperationResult(ErrorCode.ERROR_CODE_GROUP_NOT_EMPTY, "group " + req.groupId()
            + " has members; commit as a member (member id and epoch)"));
      }
      return Optional.empty();
    }
    Optional<GroupMember> member = group.flatMap(g -> g.member(req.memberId()));
    if (member.isEmpty()) {
      return Optional.of(new GroupOperationResult(ErrorCode.ERROR_CODE_UNKNOWN_MEMBER_ID, "member "
          + req.memberId() + " is not in group " + req.groupId()));
    }
    if (member.get().memberEpoch() != req.memberEpoch()) {
      return Optional.of(new GroupOperationResult(ErrorCode.ERROR_CODE_STALE_MEMBER_EPOCH, "member epoch "
          + req.memberEpoch() + " is stale; the member is at epoch " + member.get().memberEpoch()));
    }
    return Optional.empty();
  }

  private Optional<PartitionResult> validate(PartitionOffset po, TopicsView topics, Set<TopicPartition> seen) {
    TopicPartition tp = po.partition();
    if (!seen.add(tp)) {
      return Optional.of(failed(tp, ErrorCode.ERROR_CODE_INVALID_REQUEST, "partition " + tp + " appears twice"));
    }
    if (po.offset() < 0) {
      return Optional.of(failed(tp, ErrorCode.ERROR_CODE_INVALID_REQUEST, "offset must be >= 0, was "
          + po.offset()));
    }
    if (po.metadata().getBytes(StandardCharsets.UTF_8).length > config.maxMetadataBytes()) {
      return Optional.of(failed(tp, ErrorCode.ERROR_CODE_INVALID_REQUEST, "commit metadata exceeds "
          + config.maxMetadataBytes() + " bytes"));
    }
    OptionalInt partitions = topics.partitionCount(tp.topic());
    if (partitions.isEmpty()) {
      return Optional.of(failed(tp, ErrorCode.ERROR_CODE_UNKNOWN_TOPIC, "topic " + tp.topic() + " does not exist"));
    }
    if (tp.partition() >= partitions.getAsInt()) {
      return Optional.of(failed(tp, ErrorCode.ERROR_CODE_UNKNOWN_PARTITION, "topic " + tp.topic() + " has "
          + partitions.getAsInt() + " partitions; " + tp.partition() + " does not exist"));
    }
    return Optional.empty();
  }

  private static OffsetCommitResponse allFailed(OffsetCommitRequest req, ErrorCode error, String message) {
    List<PartitionResult> out = new ArrayList<>(req.offsets().size());
    req.offsets().forEach(po -> out.add(failed(po.partition(), error, message)));
    return new OffsetCommitResponse(out);
  }

  private static PartitionResult ok(TopicPartition tp, long committed) {
    return new PartitionResult(tp, ErrorCode.ERROR_CODE_NONE, "", committed);
  }

  private static PartitionResult failed(TopicPartition tp, ErrorCode error, String message) {
    return new PartitionResult(tp, error, message, -1);
  }
}
