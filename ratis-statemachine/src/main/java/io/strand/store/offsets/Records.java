package io.strand.store.offsets;

import io.strand.internal.proto.CurrentAssignmentRecord;
import io.strand.internal.proto.GroupDeletedRecord;
import io.strand.internal.proto.GroupMetadataRecord;
import io.strand.internal.proto.MemberAssignmentState;
import io.strand.internal.proto.MemberMetadataRecord;
import io.strand.internal.proto.MemberRemovalReason;
import io.strand.internal.proto.MemberRemovedRecord;
import io.strand.internal.proto.OffsetCommitRecord;
import io.strand.internal.proto.OffsetCommitSource;
import io.strand.internal.proto.OffsetsRecord;
import io.strand.internal.proto.OffsetsRemovalReason;
import io.strand.internal.proto.OffsetsRemovedRecord;
import io.strand.internal.proto.OffsetsTopicPartitionCount;
import io.strand.internal.proto.OffsetsTopicPartitions;
import io.strand.internal.proto.TargetAssignmentEpochRecord;
import io.strand.internal.proto.TargetAssignmentRecord;
import io.strand.store.offsets.assignor.Assignment;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Builds the record protos and converts between them and the in-memory types. Stateless. */
final class Records {
  private Records() {}

  static List<OffsetsTopicPartitions> toProto(Assignment a) {
    List<OffsetsTopicPartitions> out = new ArrayList<>(a.asMap().size());
    a.asMap().forEach((topic, ps) -> out.add(
        OffsetsTopicPartitions.newBuilder().setTopic(topic).addAllPartitions(ps).build()));
    return out;
  }

  static Assignment fromProto(List<OffsetsTopicPartitions> list) {
    Assignment.Builder b = Assignment.builder();
    for (OffsetsTopicPartitions tps : list) {
      for (int p : tps.getPartitionsList()) {
        b.add(tps.getTopic(), p);
      }
    }
    return b.build();
  }

  static SortedMap<String, Integer> fromProtoCounts(List<OffsetsTopicPartitionCount> list) {
    SortedMap<String, Integer> out = new TreeMap<>();
    list.forEach(c -> out.put(c.getTopic(), c.getPartitions()));
    return out;
  }

  static MemberAssignmentState toProto(MemberState s) {
    return switch (s) {
      case STABLE -> MemberAssignmentState.MEMBER_ASSIGNMENT_STATE_STABLE;
      case UNREVOKED_PARTITIONS -> MemberAssignmentState.MEMBER_ASSIGNMENT_STATE_UNREVOKED_PARTITIONS;
      case UNRELEASED_PARTITIONS -> MemberAssignmentState.MEMBER_ASSIGNMENT_STATE_UNRELEASED_PARTITIONS;
    };
  }

  static MemberState fromProto(MemberAssignmentState s) {
    return switch (s) {
      case MEMBER_ASSIGNMENT_STATE_UNREVOKED_PARTITIONS -> MemberState.UNREVOKED_PARTITIONS;
      case MEMBER_ASSIGNMENT_STATE_UNRELEASED_PARTITIONS -> MemberState.UNRELEASED_PARTITIONS;
      default -> MemberState.STABLE;
    };
  }

  static OffsetsRecord groupMetadata(String groupId, int epoch, String assignor, long emptySinceMs,
      SortedMap<String, Integer> subscribedTopics) {
    GroupMetadataRecord.Builder b = GroupMetadataRecord.newBuilder()
        .setGroupId(groupId).setGroupEpoch(epoch).setAssignor(assignor).setEmptySinceMs(emptySinceMs);
    subscribedTopics.forEach((t, n) ->
        b.addSubscribedTopics(OffsetsTopicPartitionCount.newBuilder().setTopic(t).setPartitions(n)));
    return OffsetsRecord.newBuilder().setGroupMetadata(b).build();
  }

  static OffsetsRecord memberMetadata(String groupId, GroupMember m) {
    return OffsetsRecord.newBuilder().setMemberMetadata(MemberMetadataRecord.newBuilder()
        .setGroupId(groupId)
        .setMemberId(m.memberId())
        .setClientId(m.clientId())
        .setClientHost(m.clientHost())
        .addAllSubscribedTopicNames(m.subscribedTopicNames())
        .setSubscribedTopicRegex(m.subscribedTopicRegex())
        .setServerAssignor(m.serverAssignor())
        .setSessionTimeoutMs(m.sessionTimeoutMs())
        .setRebalanceTimeoutMs(m.rebalanceTimeoutMs())).build();
  }

  static OffsetsRecord memberRemoved(String groupId, String memberId, MemberRemovalReason reason) {
    return OffsetsRecord.newBuilder().setMemberRemoved(MemberRemovedRecord.newBuilder()
        .setGroupId(groupId).setMemberId(memberId).setReason(reason)).build();
  }

  static OffsetsRecord targetAssignment(String groupId, String memberId, Assignment target) {
    return OffsetsRecord.newBuilder().setTargetAssignment(TargetAssignmentRecord.newBuilder()
        .setGroupId(groupId).setMemberId(memberId).addAllPartitions(toProto(target))).build();
  }

  static OffsetsRecord targetAssignmentEpoch(String groupId, int epoch) {
    return OffsetsRecord.newBuilder().setTargetAssignmentEpoch(TargetAssignmentEpochRecord.newBuilder()
        .setGroupId(groupId).setAssignmentEpoch(epoch)).build();
  }

  static OffsetsRecord currentAssignment(String groupId, GroupMember m) {
    return OffsetsRecord.newBuilder().setCurrentAssignment(CurrentAssignmentRecord.newBuilder()
        .setGroupId(groupId)
        .setMemberId(m.memberId())
        .setMemberEpoch(m.memberEpoch())
        .setPreviousMemberEpoch(m.previousMemberEpoch())
        .setState(toProto(m.state()))
        .addAllAssignedPartitions(toProto(m.assigned()))
        .addAllPartitionsPendingRevocation(toProto(m.pendingRevocation()))).build();
  }

  static OffsetsRecord offsetCommit(String groupId, TopicPartition tp, OffsetAndMetadata o,
      OffsetCommitSource source, String memberId) {
    return OffsetsRecord.newBuilder().setOffsetCommit(OffsetCommitRecord.newBuilder()
        .setGroupId(groupId)
        .setTopic(tp.topic())
        .setPartition(tp.partition())
        .setOffset(o.offset())
        .setLeaderEpoch(o.leaderEpoch())
        .setMetadata(o.metadata())
        .setCommitTimeMs(o.commitTimeMs())
        .setSource(source)
        .setMemberId(memberId)).build();
  }

  static OffsetsRecord offsetsRemoved(String groupId, Assignment partitions, OffsetsRemovalReason reason) {
    return OffsetsRecord.newBuilder().setOffsetsRemoved(OffsetsRemovedRecord.newBuilder()
        .setGroupId(groupId).addAllPartitions(toProto(partitions)).setReason(reason)).build();
  }

  static OffsetsRecord groupDeleted(String groupId) {
    return OffsetsRecord.newBuilder().setGroupDeleted(GroupDeletedRecord.newBuilder().setGroupId(groupId)).build();
  }
}
