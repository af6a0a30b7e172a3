package io.strand.server.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.strand.api.v1.Acks;
import io.strand.api.v1.CommitOffset;
import io.strand.api.v1.CommitOffsetsRequest;
import io.strand.api.v1.CommitOffsetsResponse;
import io.strand.api.v1.ConsumerGroupHeartbeatRequest;
import io.strand.api.v1.ConsumerGroupHeartbeatResponse;
import io.strand.api.v1.DeleteGroupRequest;
import io.strand.api.v1.DescribeGroupRequest;
import io.strand.api.v1.DescribeGroupResponse;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchOffsetsRequest;
import io.strand.api.v1.GroupPartitionDescription;
import io.strand.api.v1.GroupServiceGrpc;
import io.strand.api.v1.ListGroupsRequest;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.Record;
import io.strand.api.v1.ResetOffsetsRequest;
import io.strand.api.v1.ResetTarget;
import io.strand.api.v1.StructuredBatch;
import io.strand.api.v1.TopicPartitions;
import io.strand.server.testkit.MiniCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consumer groups over gRPC on a 3-node cluster: assignment, incremental rebalance, fencing, admin, failover. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GroupsIT {

  private static MiniCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = MiniCluster.builder().nodes(3).configure(b -> b.offsetsPartitions(3)).start();
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
        assertThat(groups(1).listGroups(ListGroupsRequest.getDefaultInstance()).getGroupsList()).isNotNull());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void membersSharePartitionsRebalanceIncrementallyAndZombiesAreFenced() {
    cluster.createTopic("orders", 6, 3);
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      members.add(new Member("g1", "m" + i, i));
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      beatAll(members);
      assertDisjointCover(members, 6);
      members.forEach(m -> assertThat(m.owned.getOrDefault("orders", Set.of())).hasSize(2));
    });

    Member fourth = new Member("g1", "m4", 2);
    List<Member> four = new ArrayList<>(members);
    four.add(fourth);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      beatAll(four);
      members.forEach(m -> assertThat(m.owned).as("%s keeps consuming during the rebalance", m.id).isNotEmpty());
      assertDisjointCover(four, 6);
      assertThat(fourth.owned).isNotEmpty();
    });

    Member committer = members.get(0);
    CommitOffsetsResponse ok = groups(3).commitOffsets(commit("g1", committer.id, committer.epoch, committer.owned,
        5));
    assertThat(ok.getResultsList()).allSatisfy(r -> assertThat(r.getError()).isEqualTo(ErrorCode.ERROR_CODE_NONE));
    CommitOffsetsResponse zombie = groups(2).commitOffsets(commit("g1", committer.id, committer.epoch - 1,
        committer.owned, 9));
    assertThat(zombie.getResultsList()).allSatisfy(r ->
        assertThat(r.getError()).isEqualTo(ErrorCode.ERROR_CODE_STALE_MEMBER_EPOCH));

    // m4 dies: its partitions move to the others once its session (2 s) expires.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      beatAll(members);
      assertDisjointCover(members, 6);
    });
    DescribeGroupResponse described = groups(1).describeGroup(DescribeGroupRequest.newBuilder().setGroupId("g1")
        .build());
    assertThat(described.getMembersCount()).isEqualTo(3);
    assertThat(described.getPartitionsList()).hasSize(6).allSatisfy(p -> assertThat(p.getMemberId()).isNotEmpty());
  }

  @Test
  void describeShowsLagAndResetAndDeleteWorkOnAnEmptyGroup() {
    cluster.createTopic("events", 2, 3);
    for (int i = 0; i < 10; i++) {
      produce("events", i % 2, "v" + i);
    }
    CommitOffsetsResponse simple = groups(2).commitOffsets(CommitOffsetsRequest.newBuilder().setGroupId("g2")
        .addOffsets(CommitOffset.newBuilder().setTopic("events").setPartition(0).setOffset(2).setLeaderEpoch(-1))
        .build());
    assertThat(simple.getResults(0).getError()).isEqualTo(ErrorCode.ERROR_CODE_NONE);

    DescribeGroupResponse d = groups(3).describeGroup(DescribeGroupRequest.newBuilder().setGroupId("g2").build());
    GroupPartitionDescription p0 = d.getPartitions(0);
    assertThat(p0.getCommittedOffset()).isEqualTo(2);
    assertThat(p0.getLogEndOffset()).isEqualTo(5);
    assertThat(p0.getLag()).isEqualTo(3);

    groups(1).resetOffsets(ResetOffsetsRequest.newBuilder().setGroupId("g2").setTopic("events")
        .setTarget(ResetTarget.newBuilder().setLatest(true)).build());
    assertThat(committed("g2", 1)).containsEntry("events-0", 5L).containsEntry("events-1", 5L);
    groups(2).resetOffsets(ResetOffsetsRequest.newBuilder().setGroupId("g2").setTopic("events").addPartitions(1)
        .setTarget(ResetTarget.newBuilder().setOffset(3)).build());
    assertThat(committed("g2", 3)).containsEntry("events-0", 5L).containsEntry("events-1", 3L);
    groups(3).resetOffsets(ResetOffsetsRequest.newBuilder().setGroupId("g2").setTopic("events")
        .setTarget(ResetTarget.newBuilder().setEarliest(true)).build());
    assertThat(committed("g2", 1)).containsEntry("events-0", 0L).containsEntry("events-1", 0L);

    assertThat(groups(2).listGroups(ListGroupsRequest.getDefaultInstance()).getGroupsList())
        .anySatisfy(g -> assertThat(g.getGroupId()).isEqualTo("g2"));
    groups(1).deleteGroup(DeleteGroupRequest.newBuilder().setGroupId("g2").build());
    assertThatThrownBy(() -> groups(2).describeGroup(DescribeGroupRequest.newBuilder().setGroupId("g2").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void committedOffsetsAndAssignmentsSurviveCoordinatorFailover() {
    cluster.createTopic("ledger", 3, 3);
    Member member = new Member("g3", "solo", 1);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      member.beat();
      assertThat(member.owned.values().stream().mapToInt(Set::size).sum()).isEqualTo(3);
    });
    groups(1).commitOffsets(commit("g3", member.id, member.epoch, member.owned, 7));
    int coordinator = cluster.nodeIds().stream().filter(n -> cluster.node(n).coordinates("g3")).findFirst()
        .orElseThrow();
    int epochBefore = member.epoch;
    cluster.stop(coordinator);
    try {
      int survivor = cluster.nodeIds().stream().filter(n -> n != coordinator).findFirst().orElseThrow();
      member.entryNode = survivor;
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        assertThat(committed("g3", survivor)).containsEntry("ledger-0", 7L).containsEntry("ledger-1", 7L)
            .containsEntry("ledger-2", 7L);
        member.beat();
        assertThat(member.epoch).isEqualTo(epochBefore);
        assertThat(member.owned.values().stream().mapToInt(Set::size).sum()).isEqualTo(3);
      });
    } finally {
      cluster.restart(coordinator);
    }
  }

  private static void beatAll(List<Member> members) {
    members.forEach(Member::beat);
  }

  private static void assertDisjointCover(List<Member> members, int partitions) {
    Set<Integer> seen = new HashSet<>();
    for (Member m : members) {
      for (int p : m.owned.getOrDefault("orders", Set.of())) {
        assertThat(seen.add(p)).as("partition %d owned twice", p).isTrue();
      }
    }
    assertThat(seen).hasSize(partitions);
  }

  private static CommitOffsetsRequest commit(String group, String member, int epoch,
                                             Map<String, Set<Integer>> owned, long offset) {
    CommitOffsetsRequest.Builder b = CommitOffsetsRequest.newBuilder().setGroupId(group).setMemberId(member)
        .setMemberEpoch(epoch);
    owned.forEach((topic, ps) -> ps.forEach(p -> b.addOffsets(CommitOffset.newBuilder().setTopic(topic)
        .setPartition(p).setOffset(offset).setLeaderEpoch(-1))));
    return b.build();
  }

  private static Map<String, Long> committed(String group, int node) {
    Map<String, Long> out = new TreeMap<>();
    groups(node).fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group).build()).getOffsetsList()
        .forEach(o -> out.put(o.getTopic() + "-" + o.getPartition(), o.getOffset()));
    return out;
  }

  private static void produce(String topic, int partition, String value) {
    var result = cluster.produce(1).produce(ProduceRequest.newBuilder().setAcks(Acks.ACKS_ALL)
        .addPartitions(PartitionProduceData.newBuilder().setTopic(topic).setPartition(partition)
            .setRecords(StructuredBatch.newBuilder().addRecords(Record.newBuilder()
                .setValue(ByteString.copyFromUtf8(value)))))
        .build()).getResults(0);
    assertThat(result.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
  }

  private static GroupServiceGrpc.GroupServiceBlockingStub groups(int node) {
    return GroupServiceGrpc.newBlockingStub(cluster.channel(node)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A well-behaved member: releases revoked partitions at once and reports what it owns on every heartbeat. */
  private static final class Member {
    final String group;
    final String id;
    int entryNode;
    int epoch;
    Map<String, Set<Integer>> owned = new TreeMap<>();

    Member(String group, String id, int entryNode) {
      this.group = group;
      this.id = id;
      this.entryNode = entryNode;
    }

    void beat() {
      ConsumerGroupHeartbeatRequest.Builder b = ConsumerGroupHeartbeatRequest.newBuilder().setGroupId(group)
          .setMemberId(id).setMemberEpoch(epoch).setSessionTimeoutMs(group.equals("g3") ? 10_000 : 2000).setOwnedReported(true);
      if (epoch == 0) {
        b.setSubscriptionChanged(true).addSubscribedTopicNames(topicOf(group));
      }
      owned.forEach((t, ps) -> b.addOwnedPartitions(TopicPartitions.newBuilder().setTopic(t).addAllPartitions(ps)));
      ConsumerGroupHeartbeatResponse r = groups(entryNode).consumerGroupHeartbeat(b.build());
      if (r.getError() != ErrorCode.ERROR_CODE_NONE) {
        epoch = 0;
        owned = new TreeMap<>();
        return;
      }
      epoch = r.getMemberEpoch();
      Map<String, Set<Integer>> next = new TreeMap<>();
      r.getAssignmentList().forEach(tp -> next.put(tp.getTopic(), new HashSet<>(tp.getPartitionsList())));
      owned = next;
    }

    private static String topicOf(String group) {
      return switch (group) {
        case "g1" -> "orders";
        case "g3" -> "ledger";
        default -> "events";
      };
    }
  }
}
