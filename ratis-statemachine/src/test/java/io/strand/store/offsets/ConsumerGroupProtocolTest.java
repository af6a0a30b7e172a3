package io.strand.store.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.ErrorCode;
import io.strand.store.offsets.GroupSim.Member;
import io.strand.store.offsets.HeartbeatRequest.Subscription;
import io.strand.store.offsets.assignor.Assignment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsumerGroupProtocolTest {
  private static final String G = "g1";
  private static final String T = "orders";

  private final GroupSim sim = new GroupSim(OffsetsConfig.defaults(), Map.of(T, 6, "payments", 4, "__internal", 3));

  private void threeStableMembers() {
    sim.join(G, "m1", Subscription.topics(T));
    sim.join(G, "m2", Subscription.topics(T));
    sim.join(G, "m3", Subscription.topics(T));
    sim.roundsUntilStable(G, 5);
  }

  @Test
  void aMemberWithAShortSessionIsToldToHeartbeatOftenEnoughToStayAlive() {
    Member quick = sim.join(G, "quick", Subscription.topics(T));
    HeartbeatResponse r = quick.send(HeartbeatRequest.heartbeat(G, "quick", quick.epoch, quick.owned)
        .withSessionTimeoutMs(3_000));
    assertThat(r.heartbeatIntervalMs()).isEqualTo(1_000);
    assertThat(quick.heartbeat().heartbeatIntervalMs()).as("the session is kept").isEqualTo(1_000);
    Member slow = sim.join(G, "slow", Subscription.topics(T));
    assertThat(slow.last.heartbeatIntervalMs()).isEqualTo(OffsetsConfig.DEFAULT_HEARTBEAT_INTERVAL_MS);
  }

  @Test
  void threeMembersOnSixPartitionsGetTwoEach() {
    threeStableMembers();

    assertThat(sim.members.values()).allSatisfy(m -> assertThat(m.owned.size()).isEqualTo(2));
    Assignment all = Assignment.EMPTY;
    for (Member m : sim.members.values()) {
      all = all.union(m.owned);
      assertThat(m.epoch).isEqualTo(sim.group(G).groupEpoch());
    }
    assertThat(all).isEqualTo(Assignment.of(T, 0, 1, 2, 3, 4, 5));
    assertThat(sim.group(G).state()).isEqualTo(GroupState.STABLE);
  }

  @Test
  void fourthMemberGetsAShareWithRevokeBeforeAssignWhileOthersKeepConsuming() {
    threeStableMembers();
    Map<String, Assignment> before = Map.of("m1", sim.members.get("m1").owned, "m2", sim.members.get("m2").owned,
        "m3", sim.members.get("m3").owned);
    sim.members.values().forEach(m -> m.revocations.clear());

    Member m4 = sim.join(G, "m4", Subscription.topics(T));
    // The partition m4 will get is still owned by someone: m4 must not get it yet.
    assertThat(m4.owned).isEqualTo(Assignment.EMPTY);
    assertThat(sim.group(G).state()).isEqualTo(GroupState.RECONCILING);

    sim.roundsUntilStable(G, 5);

    assertThat(m4.owned.size()).isEqualTo(1);
    int moved = 0;
    for (String id : before.keySet()) {
      Member m = sim.members.get(id);
      assertThat(before.get(id).containsAll(m.owned)).as("%s only loses partitions", id).isTrue();
      moved += before.get(id).size() - m.owned.size();
      if (m.owned.equals(before.get(id))) {
        assertThat(m.revocations).as("unaffected member %s never paused", id).isEmpty();
      }
    }
    assertThat(moved).isEqualTo(1);
    assertThat(sim.members.values().stream().mapToInt(m -> m.owned.size()).sum()).isEqualTo(6);
  }

  @Test
  void aRevokedPartitionIsOnlyAssignedAfterTheOwnerAcknowledges() {
    threeStableMembers();
    Member m4 = sim.join(G, "m4", Subscription.topics(T));
    String donor = List.of("m1", "m2", "m3").stream()
        .filter(id -> !sim.group(G).targetAssignment(id).containsAll(sim.members.get(id).owned))
        .findFirst().orElseThrow();
    Member d = sim.members.get(donor);
    Assignment moving = d.owned.minus(sim.group(G).targetAssignment(donor));
    assertThat(moving.size()).isEqualTo(1);

    // m4 heartbeats repeatedly: nothing until the donor acknowledges the revocation.
    m4.heartbeat();
    m4.heartbeat();
    assertThat(m4.owned).isEqualTo(Assignment.EMPTY);
    assertThat(sim.group(G).member("m4").orElseThrow().state()).isEqualTo(MemberState.UNRELEASED_PARTITIONS);

    d.heartbeat(); // learns it must revoke; drops the partition from its ownership
    assertThat(d.owned.intersects(moving)).isFalse();
    assertThat(sim.group(G).member(donor).orElseThrow().pendingRevocation()).isEqualTo(moving);
    m4.heartbeat();
    assertThat(m4.owned).isEqualTo(Assignment.EMPTY);

    d.heartbeat(); // acknowledges: reports ownership without the partition
    assertThat(sim.group(G).member(donor).orElseThrow().pendingRevocation()).isEqualTo(Assignment.EMPTY);
    m4.heartbeat();
    assertThat(m4.owned).isEqualTo(moving);
  }

  @Test
  void killedMembersPartitionsMoveAfterSessionTimeout() {
    threeStableMembers();
    Member dead = sim.members.get("m2");
    Assignment orphaned = dead.owned;
    dead.kill();

    // Until the session expires, nobody gets the dead member's partitions.
    sim.round();
    assertThat(sim.members.get("m1").owned.intersects(orphaned)).isFalse();

    sim.apply(sim.coordinator.expireSession(sim.state, G, "m2", sim.topics, sim.now));
    assertThat(sim.group(G).member("m2")).isEmpty();
    sim.roundsUntilStable(G, 5);

    Assignment survivors = sim.members.get("m1").owned.union(sim.members.get("m3").owned);
    assertThat(survivors).isEqualTo(Assignment.of(T, 0, 1, 2, 3, 4, 5));
    assertThat(sim.members.get("m1").owned.size()).isEqualTo(3);
  }

  @Test
  void cleanLeaveRecomputesTheTargetAtOnce() {
    threeStableMembers();
    int epochBefore = sim.group(G).groupEpoch();
    Assignment leaving = sim.members.get("m3").owned;

    HeartbeatResponse r = sim.members.get("m3").leave();

    assertThat(r.memberEpoch()).isEqualTo(-1);
    ConsumerGroup g = sim.group(G);
    assertThat(g.groupEpoch()).isEqualTo(epochBefore + 1);
    assertThat(g.targetAssignmentEpoch()).isEqualTo(g.groupEpoch());
    assertThat(g.targetAssignment("m1").union(g.targetAssignment("m2")).containsAll(leaving)).isTrue();
    // The freed partitions need no revocation: one heartbeat each and the survivors own everything.
    sim.round();
    assertThat(sim.group(G).state()).isEqualTo(GroupState.STABLE);
    assertThat(sim.members.get("m1").owned.union(sim.members.get("m2").owned))
        .isEqualTo(Assignment.of(T, 0, 1, 2, 3, 4, 5));
  }

  @Test
  void zombieCommitsAndHeartbeatsAreFenced() {
    threeStableMembers();
    Member m1 = sim.members.get("m1");
    int staleEpoch = m1.epoch;
    sim.join(G, "m4", Subscription.topics(T));
    sim.roundsUntilStable(G, 5);
    assertThat(m1.epoch).isGreaterThan(staleEpoch);

    OffsetCommitResponse stale = sim.apply(sim.coordinator.commitOffsets(sim.state, OffsetCommitRequest.member(G,
        "m1", staleEpoch, List.of(OffsetCommitRequest.PartitionOffset.of(T, 0, 10))), sim.topics, sim.now));
    assertThat(stale.firstError()).contains(ErrorCode.ERROR_CODE_STALE_MEMBER_EPOCH);

    HeartbeatResponse hb = sim.apply(sim.coordinator.heartbeat(sim.state,
        HeartbeatRequest.heartbeat(G, "m1", staleEpoch - 1, Assignment.EMPTY), sim.topics, sim.now));
    assertThat(hb.error()).isEqualTo(ErrorCode.ERROR_CODE_STALE_MEMBER_EPOCH);

    // An evicted member is unknown.
    Member m2 = sim.members.get("m2");
    m2.kill();
    sim.apply(sim.coordinator.expireSession(sim.state, G, "m2", sim.topics, sim.now));
    assertThat(m2.commit(T, 1, 5).firstError()).contains(ErrorCode.ERROR_CODE_UNKNOWN_MEMBER_ID);
    HeartbeatResponse unknown = sim.apply(sim.coordinator.heartbeat(sim.state,
        HeartbeatRequest.heartbeat(G, "m2", m2.epoch, Assignment.EMPTY), sim.topics, sim.now));
    assertThat(unknown.error()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_MEMBER_ID);
    assertThat(sim.state.offsets().offsets(G)).isEmpty();

    // The current epoch commits fine.
    assertThat(m1.commit(T, m1.owned.partitions(T).first(), 7).firstError()).isEmpty();
  }

  @Test
  void previousEpochIsAcceptedOnceWhenTheBumpResponseWasLost() {
    threeStableMembers();
    Member m1 = sim.members.get("m1");
    int before = m1.epoch;
    sim.join(G, "m4", Subscription.topics(T));
    sim.roundsUntilStable(G, 5);
    GroupMember server = sim.group(G).member("m1").orElseThrow();
    assertThat(server.previousMemberEpoch()).isEqualTo(before);

    // Pretend the response carrying the bump never arrived: the member retries with its old epoch.
    HeartbeatResponse r = sim.apply(sim.coordinator.heartbeat(sim.state,
        HeartbeatRequest.heartbeat(G, "m1", before, server.assigned()), sim.topics, sim.now));
    assertThat(r.error()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
    assertThat(r.memberEpoch()).isEqualTo(server.memberEpoch());

    // ... but not while claiming partitions it was never given.
    HeartbeatResponse claim = sim.apply(sim.coordinator.heartbeat(sim.state,
        HeartbeatRequest.heartbeat(G, "m1", before, Assignment.of(T, 0, 1, 2, 3, 4, 5)), sim.topics, sim.now));
    assertThat(claim.error()).isEqualTo(ErrorCode.ERROR_CODE_STALE_MEMBER_EPOCH);
  }

  @Test
  void fencedMemberRejoinsWithEpochZeroAndTheSameId() {
    threeStableMembers();
    Member m1 = sim.members.get("m1");
    Assignment had = m1.owned;
    m1.owned = Assignment.EMPTY; // a fenced client drops everything (partitions lost)
    HeartbeatResponse r = m1.send(HeartbeatRequest.join(G, "m1", Subscription.topics(T)));
    assertThat(r.error()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
    assertThat(r.assignment()).isEqualTo(had);
    assertThat(r.memberEpoch()).isEqualTo(sim.group(G).targetAssignmentEpoch());
  }

  @Test
  void revocationTimeoutEvictsAMemberThatNeverReleases() {
    threeStableMembers();
    sim.join(G, "m4", Subscription.topics(T));
    sim.round();
    Member stuck = sim.members.values().stream()
        .filter(m -> sim.group(G).member(m.id).orElseThrow().state() == MemberState.UNREVOKED_PARTITIONS)
        .findFirst().orElseThrow();
    int epoch = sim.group(G).member(stuck.id).orElseThrow().memberEpoch();
    // A wrong epoch (member moved on) writes nothing.
    assertThat(sim.coordinator.expireRevocation(sim.state, G, stuck.id, epoch + 7, sim.topics, sim.now).records())
        .isEmpty();
    stuck.kill();
    sim.apply(sim.coordinator.expireRevocation(sim.state, G, stuck.id, epoch, sim.topics, sim.now));
    assertThat(sim.group(G).member(stuck.id)).isEmpty();
    sim.roundsUntilStable(G, 5);
    assertThat(sim.members.values().stream().filter(m -> m.alive).mapToInt(m -> m.owned.size()).sum())
        .isEqualTo(6);
  }

  @Test
  void newPartitionsAndNewMatchingTopicsArePickedUp() {
    sim.join(G, "m1", Subscription.pattern("ord.*|pay.*|__.*"));
    sim.join(G, "m2", Subscription.pattern("ord.*|pay.*|__.*"));
    sim.roundsUntilStable(G, 5);
    assertThat(sim.group(G).subscribedTopics()).containsOnlyKeys(T, "payments");
    int epoch = sim.group(G).groupEpoch();

    sim.topics = TopicsView.of(Map.of(T, 8, "payments", 4, "orders-eu", 2, "__internal", 3));
    sim.roundsUntilStable(G, 5);

    assertThat(sim.group(G).groupEpoch()).isGreaterThan(epoch);
    Assignment all = sim.members.get("m1").owned.union(sim.members.get("m2").owned);
    assertThat(all.partitions(T)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(all.partitions("orders-eu")).containsExactly(0, 1);
    assertThat(all.partitions("__internal")).isEmpty();
    assertThat(all.size()).isEqualTo(14);
  }

  @Test
  void subscriptionChangeBumpsTheEpochAndReassigns() {
    threeStableMembers();
    int epoch = sim.group(G).groupEpoch();
    sim.members.get("m1").send(new HeartbeatRequest(G, "m1", sim.members.get("m1").epoch, "", "",
        Optional.of(Subscription.topics(T, "payments")), 0, 0, Optional.of(sim.members.get("m1").owned)));
    sim.roundsUntilStable(G, 6);
    assertThat(sim.group(G).groupEpoch()).isEqualTo(epoch + 1);
    assertThat(sim.members.get("m1").owned.partitions("payments")).containsExactly(0, 1, 2, 3);
  }

  @Test
  void groupUsesTheAssignorMostMembersPrefer() {
    sim.join(G, "m1", Subscription.topics(T).withAssignor("range"));
    sim.join(G, "m2", Subscription.topics(T));
    sim.roundsUntilStable(G, 5);
    assertThat(sim.group(G).assignor()).isEqualTo("range");
    assertThat(sim.members.get("m1").owned).isEqualTo(Assignment.of(T, 0, 1, 2));
    assertThat(sim.members.get("m2").owned).isEqualTo(Assignment.of(T, 3, 4, 5));
  }

  @Test
  void invalidRequestsAreRejectedWithoutRecords() {
    CoordinatorResult<HeartbeatResponse> noSub = sim.coordinator.heartbeat(sim.state,
        new HeartbeatRequest(G, "m1", 0, "", "", Optional.empty(), 0, 0, Optional.empty()), sim.topics, sim.now);
    assertThat(noSub.response().error()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_REQUEST);
    assertThat(noSub.records()).isEmpty();
    assertThat(sim.coordinator.heartbeat(sim.state, HeartbeatRequest.join(G, "m1", Subscription.pattern("(")),
        sim.topics, sim.now).response().error()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_REQUEST);
    assertThat(sim.coordinator.heartbeat(sim.state, HeartbeatRequest.join(G, "m1",
        Subscription.topics(T).withAssignor("cooperative-sticky")), sim.topics, sim.now).response().error())
        .isEqualTo(ErrorCode.ERROR_CODE_INVALID_REQUEST);
    assertThat(sim.coordinator.heartbeat(sim.state, HeartbeatRequest.join(G, "", Subscription.topics(T)),
        sim.topics, sim.now).response().error()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_REQUEST);
    assertThat(sim.coordinator.heartbeat(sim.state, HeartbeatRequest.heartbeat(G, "m1", 3, Assignment.EMPTY),
        sim.topics, sim.now).response().error()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_MEMBER_ID);
    assertThat(sim.state.groups().groups()).isEmpty();
  }

  @Test
  void leavingTwiceIsHarmless() {
    threeStableMembers();
    sim.members.get("m1").leave();
    CoordinatorResult<HeartbeatResponse> again = sim.coordinator.heartbeat(sim.state,
        HeartbeatRequest.leave(G, "m1"), sim.topics, sim.now);
    assertThat(again.records()).isEmpty();
    assertThat(again.response().error()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
  }

  @Test
  void lastMemberLeavingMakesTheGroupEmptySinceNow() {
    sim.join(G, "m1", Subscription.topics(T));
    sim.roundsUntilStable(G, 3);
    sim.now += 5_000;
    sim.members.get("m1").leave();
    ConsumerGroup g = sim.group(G);
    assertThat(g.state()).isEqualTo(GroupState.EMPTY);
    assertThat(g.emptySinceMs()).isEqualTo(sim.now);
    assertThat(g.subscribedTopics()).isEmpty();
  }
}
