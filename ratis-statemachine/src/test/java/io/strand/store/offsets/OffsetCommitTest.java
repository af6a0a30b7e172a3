package io.strand.store.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.ErrorCode;
import io.strand.store.offsets.GroupSim.Member;
import io.strand.store.offsets.HeartbeatRequest.Subscription;
import io.strand.store.offsets.OffsetCommitRequest.PartitionOffset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OffsetCommitTest {
  private static final String G = "g";
  private static final String T = "t";
  private static final long RETENTION = Duration.ofDays(7).toMillis();

  private final GroupSim sim = new GroupSim(OffsetsConfig.defaults(), Map.of(T, 4));

  private OffsetCommitResponse simpleCommit(String group, long offset) {
    return sim.apply(sim.coordinator.commitOffsets(sim.state,
        OffsetCommitRequest.simple(group, List.of(PartitionOffset.of(T, 0, offset))), sim.topics, sim.now));
  }

  private Member stableMember() {
    Member m = sim.join(G, "m1", Subscription.topics(T));
    sim.roundsUntilStable(G, 3);
    return m;
  }

  @Test
  void memberCommitStoresOffsetLeaderEpochMetadataAndTime() {
    Member m = stableMember();
    OffsetCommitResponse r = sim.apply(sim.coordinator.commitOffsets(sim.state, OffsetCommitRequest.member(G, "m1",
        m.epoch, List.of(new PartitionOffset(new TopicPartition(T, 2), 42, 3, "meta"))), sim.topics, sim.now));

    assertThat(r.firstError()).isEmpty();
    assertThat(sim.coordinator.fetchOffsets(sim.state, G, Optional.empty()))
        .containsExactly(Map.entry(new TopicPartition(T, 2), new OffsetAndMetadata(42, 3, "meta", sim.now)));
  }

  @Test
  void committedOffsetsNeverMoveBackwardsUnlessRewindIsAllowedOrReset() {
    Member m = stableMember();
    assertThat(m.commit(T, 0, 100).partitions().get(0).committedOffset()).isEqualTo(100);

    OffsetCommitResponse backwards = m.commit(T, 0, 40);
    assertThat(backwards.firstError()).isEmpty();
    assertThat(backwards.partitions().get(0).committedOffset()).isEqualTo(100);
    assertThat(sim.state.offsets().offset(G, new TopicPartition(T, 0)).orElseThrow().offset()).isEqualTo(100);

    sim.apply(sim.coordinator.commitOffsets(sim.state, new OffsetCommitRequest(G, "m1", m.epoch,
        List.of(PartitionOffset.of(T, 0, 40)), true), sim.topics, sim.now));
    assertThat(sim.state.offsets().offset(G, new TopicPartition(T, 0)).orElseThrow().offset()).isEqualTo(40);

    m.leave();
    GroupOperationResult reset = sim.apply(sim.coordinator.resetOffsets(sim.state, G,
        Map.of(new TopicPartition(T, 0), 5L), sim.topics, sim.now));
    assertThat(reset.isSuccess()).isTrue();
    assertThat(sim.state.offsets().offset(G, new TopicPartition(T, 0)).orElseThrow().offset()).isEqualTo(5);
  }

  @Test
  void simpleCommitsCreateAGroupButAreRefusedWhileItHasMembers() {
    assertThat(simpleCommit("solo", 7).firstError()).isEmpty();
    assertThat(sim.state.groups().group("solo").orElseThrow().state()).isEqualTo(GroupState.EMPTY);

    stableMember();
    assertThat(simpleCommit(G, 7).firstError()).contains(ErrorCode.ERROR_CODE_GROUP_NOT_EMPTY);
  }

  @Test
  void invalidPartitionsFailIndividually() {
    OffsetCommitResponse r = sim.apply(sim.coordinator.commitOffsets(sim.state, OffsetCommitRequest.simple(G,
        List.of(PartitionOffset.of(T, 1, 5), PartitionOffset.of("nope", 0, 5), PartitionOffset.of(T, 9, 5),
            PartitionOffset.of(T, 2, -1), PartitionOffset.of(T, 1, 6),
            new PartitionOffset(new TopicPartition(T, 3), 1, -1, "x".repeat(5000)))), sim.topics, sim.now));
    assertThat(r.partitions()).extracting(OffsetCommitResponse.PartitionResult::error).containsExactly(
        ErrorCode.ERROR_CODE_NONE, ErrorCode.ERROR_CODE_UNKNOWN_TOPIC, ErrorCode.ERROR_CODE_UNKNOWN_PARTITION,
        ErrorCode.ERROR_CODE_INVALID_REQUEST, ErrorCode.ERROR_CODE_INVALID_REQUEST,
        ErrorCode.ERROR_CODE_INVALID_REQUEST);
    assertThat(sim.state.offsets().offsets(G)).containsOnlyKeys(new TopicPartition(T, 1));
  }

  @Test
  void aCommitThatChangesNothingWritesNothing() {
    CoordinatorResult<OffsetCommitResponse> r = sim.coordinator.commitOffsets(sim.state,
        OffsetCommitRequest.simple(G, List.of(PartitionOffset.of("nope", 0, 1))), sim.topics, sim.now);
    assertThat(r.records()).isEmpty();
    assertThat(sim.state.groups().group(G)).isEmpty();
  }

  @Test
  void resetAndDeleteOnlyWhileEmpty() {
    Member m = stableMember();
    m.commit(T, 0, 10);
    assertThat(sim.apply(sim.coordinator.resetOffsets(sim.state, G, Map.of(new TopicPartition(T, 0), 0L),
        sim.topics, sim.now)).error()).isEqualTo(ErrorCode.ERROR_CODE_GROUP_NOT_EMPTY);
    assertThat(sim.apply(sim.coordinator.deleteGroup(sim.state, G)).error())
        .isEqualTo(ErrorCode.ERROR_CODE_GROUP_NOT_EMPTY);

    m.leave();
    assertThat(sim.apply(sim.coordinator.resetOffsets(sim.state, G, Map.of(new TopicPartition(T, 7), 0L),
        sim.topics, sim.now)).error()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_PARTITION);
    assertThat(sim.apply(sim.coordinator.deleteGroup(sim.state, G)).isSuccess()).isTrue();
    assertThat(sim.state.groups().group(G)).isEmpty();
    assertThat(sim.state.offsets().offsets(G)).isEmpty();
    assertThat(sim.apply(sim.coordinator.deleteGroup(sim.state, G)).error())
        .isEqualTo(ErrorCode.ERROR_CODE_GROUP_ID_NOT_FOUND);
  }

  @Test
  void offsetsExpireRetentionAfterTheGroupBecameEmpty() {
    Member m = stableMember();
    m.commit(T, 0, 10);
    sim.now += RETENTION * 2;
    assertThat(sim.apply(sim.coordinator.expireOffsets(sim.state, sim.now))).as("active group keeps offsets")
        .isZero();

    m.commit(T, 1, 3);
    long emptySince = sim.now + 1000;
    sim.now = emptySince;
    m.leave();
    sim.now = emptySince + RETENTION - 1;
    assertThat(sim.apply(sim.coordinator.expireOffsets(sim.state, sim.now))).isZero();

    sim.now = emptySince + RETENTION;
    assertThat(sim.apply(sim.coordinator.expireOffsets(sim.state, sim.now))).isEqualTo(2);
    assertThat(sim.state.offsets().offsets(G)).isEmpty();
    assertThat(sim.state.groups().group(G)).as("empty group without offsets is deleted").isEmpty();
  }

  @Test
  void aLateCommitToAnEmptyGroupIsKeptForAFullRetentionPeriod() {
    assertThat(simpleCommit(G, 1).firstError()).isEmpty();
    sim.now += RETENTION - 10;
    sim.apply(sim.coordinator.commitOffsets(sim.state,
        OffsetCommitRequest.simple(G, List.of(PartitionOffset.of(T, 1, 2))), sim.topics, sim.now));
    sim.now += 10;

    assertThat(sim.apply(sim.coordinator.expireOffsets(sim.state, sim.now))).isEqualTo(1);
    assertThat(sim.state.offsets().offsets(G)).containsOnlyKeys(new TopicPartition(T, 1));
    assertThat(sim.state.groups().group(G)).isPresent();
  }

  @Test
  void fetchReturnsOnlyRequestedCommittedPartitions() {
    simpleCommit(G, 9);
    assertThat(sim.coordinator.fetchOffsets(sim.state, G,
        Optional.of(List.of(new TopicPartition(T, 0), new TopicPartition(T, 3))))).containsOnlyKeys(
        new TopicPartition(T, 0));
    assertThat(sim.coordinator.fetchOffsets(sim.state, "unknown", Optional.empty())).isEmpty();
  }

  @Test
  void listAndDescribe() {
    Member m = stableMember();
    m.commit(T, 0, 4);
    simpleCommit("other", 1);

    assertThat(sim.coordinator.listGroups(sim.state)).containsExactly(
        new GroupListing(G, GroupState.STABLE, 1, sim.group(G).groupEpoch()),
        new GroupListing("other", GroupState.EMPTY, 0, 0));
    GroupDescription d = sim.coordinator.describeGroup(sim.state, G).orElseThrow();
    assertThat(d.members()).singleElement().satisfies(mem -> {
      assertThat(mem.memberId()).isEqualTo("m1");
      assertThat(mem.assigned()).isEqualTo(mem.target());
      assertThat(mem.assigned().size()).isEqualTo(4);
    });
    assertThat(d.assignor()).isEqualTo("uniform");
    assertThat(d.offsets()).containsOnlyKeys(new TopicPartition(T, 0));
    assertThat(sim.coordinator.describeGroup(sim.state, "missing")).isEmpty();
  }
}
