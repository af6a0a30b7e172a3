package io.strand.server.groups;

import io.strand.api.v1.CommitOffset;
import io.strand.api.v1.CommitOffsetResult;
import io.strand.api.v1.CommitOffsetsRequest;
import io.strand.api.v1.CommitOffsetsResponse;
import io.strand.api.v1.CommittedOffset;
import io.strand.api.v1.ConsumerGroupHeartbeatRequest;
import io.strand.api.v1.ConsumerGroupHeartbeatResponse;
import io.strand.api.v1.GroupMemberDescription;
import io.strand.api.v1.TopicPartitions;
import io.strand.store.offsets.GroupDescription;
import io.strand.store.offsets.HeartbeatRequest;
import io.strand.store.offsets.HeartbeatResponse;
import io.strand.store.offsets.OffsetAndMetadata;
import io.strand.store.offsets.OffsetCommitRequest;
import io.strand.store.offsets.OffsetCommitResponse;
import io.strand.store.offsets.TopicPartition;
import io.strand.store.offsets.assignor.Assignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Conversions between the public group protos and the coordinator's value types. Stateless. */
final class GroupProtos {

  private GroupProtos() {}

  static HeartbeatRequest heartbeat(ConsumerGroupHeartbeatRequest r, String clientHost) {
    Optional<HeartbeatRequest.Subscription> subscription = r.getSubscriptionChanged() || r.getMemberEpoch() == 0
        ? Optional.of(new HeartbeatRequest.Subscription(r.getSubscribedTopicNamesList(),
            r.getSubscribedTopicRegex(), r.getServerAssignor()))
        : Optional.empty();
    Optional<Assignment> owned = r.getOwnedReported()
        ? Optional.of(assignment(r.getOwnedPartitionsList())) : Optional.empty();
    return new HeartbeatRequest(r.getGroupId(), r.getMemberId(), r.getMemberEpoch(), r.getClientId(), clientHost,
        subscription, r.getSessionTimeoutMs(), r.getRebalanceTimeoutMs(), owned);
  }

  static ConsumerGroupHeartbeatResponse heartbeat(HeartbeatResponse r) {
    return ConsumerGroupHeartbeatResponse.newBuilder().setError(r.error()).setErrorMessage(r.errorMessage())
        .setMemberId(r.memberId() == null ? "" : r.memberId()).setMemberEpoch(r.memberEpoch())
        .setHeartbeatIntervalMs(r.heartbeatIntervalMs()).addAllAssignment(topicPartitions(r.assignment())).build();
  }

  static OffsetCommitRequest commit(CommitOffsetsRequest r) {
    List<OffsetCommitRequest.PartitionOffset> offsets = new ArrayList<>();
    for (CommitOffset o : r.getOffsetsList()) {
      offsets.add(new OffsetCommitRequest.PartitionOffset(new TopicPartition(o.getTopic(), o.getPartition()),
          o.getOffset(), o.getLeaderEpoch(), o.getMetadata()));
    }
    return new OffsetCommitRequest(r.getGroupId(), r.getMemberId(), r.getMemberEpoch(), offsets, false);
  }

  static CommitOffsetsResponse commit(OffsetCommitResponse r) {
    CommitOffsetsResponse.Builder b = CommitOffsetsResponse.newBuilder();
    for (OffsetCommitResponse.PartitionResult p : r.partitions()) {
      b.addResults(CommitOffsetResult.newBuilder().setTopic(p.partition().topic())
          .setPartition(p.partition().partition()).setError(p.error()).setErrorMessage(p.errorMessage())
          .setCommittedOffset(p.committedOffset()));
    }
    return b.build();
  }

  static CommittedOffset committed(TopicPartition tp, OffsetAndMetadata o) {
    CommittedOffset.Builder b = CommittedOffset.newBuilder().setTopic(tp.topic()).setPartition(tp.partition());
    return o == null
        ? b.setOffset(-1).setLeaderEpoch(-1).setCommitTimeMs(-1).build()
        : b.setOffset(o.offset()).setLeaderEpoch(o.leaderEpoch()).setMetadata(o.metadata())
            .setCommitTimeMs(o.commitTimeMs()).build();
  }

  static GroupMemberDescription member(GroupDescription.Member m) {
    return GroupMemberDescription.newBuilder().setMemberId(m.memberId()).setClientId(m.clientId())
        .setClientHost(m.clientHost()).setMemberEpoch(m.memberEpoch()).setState(m.state().name())
        .addAllSubscribedTopicNames(m.subscribedTopicNames()).setSubscribedTopicRegex(m.subscribedTopicRegex())
        .addAllAssigned(topicPartitions(m.assigned())).addAllPendingRevocation(topicPartitions(m.pendingRevocation()))
        .addAllTarget(topicPartitions(m.target())).build();
  }

  static Assignment assignment(List<TopicPartitions> partitions) {
    Assignment.Builder b = Assignment.builder();
    for (TopicPartitions tp : partitions) {
      for (int p : tp.getPartitionsList()) {
        b.add(tp.getTopic(), p);
      }
    }
    return b.build();
  }

  static List<TopicPartitions> topicPartitions(Assignment assignment) {
    List<TopicPartitions> out = new ArrayList<>();
    assignment.asMap().forEach((topic, partitions) ->
        out.add(TopicPartitions.newBuilder().setTopic(topic).addAllPartitions(partitions).build()));
    return out;
  }

  static List<TopicPartition> partitions(List<TopicPartitions> partitions) {
    List<TopicPartition> out = new ArrayList<>();
    for (TopicPartitions tp : partitions) {
      for (int p : tp.getPartitionsList()) {
        out.add(new TopicPartition(tp.getTopic(), p));
      }
    }
    return out;
  }
}
