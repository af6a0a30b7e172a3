package io.strand.store.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.internal.proto.OffsetsRecord;
import io.strand.internal.proto.OffsetsSnapshot;
import io.strand.store.offsets.GroupSim.Member;
import io.strand.store.offsets.HeartbeatRequest.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoordinatorStateTest {

  /** Random member churn, commits and topic changes over several groups. */
  private static GroupSim randomHistory(long seed) {
    Random random = new Random(seed);
    GroupSim sim = new GroupSim(OffsetsConfig.defaults(), Map.of("a", 6, "b", 3));
    List<String> groups = List.of("g1", "g2", "g3");
    for (int step = 0; step < 200; step++) {
      sim.now += random.nextInt(2000);
      String group = groups.get(random.nextInt(groups.size()));
      int action = random.nextInt(10);
      List<Member> live = sim.members.values().stream().filter(m -> m.alive && m.group.equals(group)).toList();
      if (action < 2 || live.isEmpty()) {
        sim.join(group, "m" + step, random.nextBoolean() ? Subscription.topics("a") : Subscription.pattern("[ab]"));
      } else if (action == 2) {
        live.get(random.nextInt(live.size())).leave();
      } else if (action == 3) {
        Member dead = live.get(random.nextInt(live.size()));
        dead.kill();
        sim.apply(sim.coordinator.expireSession(sim.state, group, dead.id, sim.topics, sim.now));
      } else if (action == 4 && !live.get(0).owned.isEmpty()) {
        Member m = live.get(0);
        String topic = m.owned.topics().first();
        m.commit(topic, m.owned.partitions(topic).first(), random.nextInt(1000));
      } else if (action == 5) {
        sim.topics = TopicsView.of(Map.of("a", 6 + random.nextInt(3), "b", 3));
      } else {
        sim.round();
      }
    }
    return sim;
  }

  @Test
  void replayingTheSameRecordsGivesTheSameState() {
    GroupSim sim = randomHistory(42);
    assertThat(sim.log).hasSizeGreaterThan(200);

    CoordinatorState replayed = CoordinatorState.fromRecords(sim.log);

    assertThat(replayed.snapshotRecords()).isEqualTo(sim.state.snapshotRecords());
    assertThat(replayed.toSnapshot(3, 99).toByteArray()).isEqualTo(sim.state.toSnapshot(3, 99).toByteArray());
  }

  @Test
  void snapshotRoundTripRestoresTheStateExactly() throws Exception {
    GroupSim sim = randomHistory(7);
    OffsetsSnapshot snapshot = sim.state.toSnapshot(5, 1234);

    CoordinatorState restored = CoordinatorState.fromSnapshot(OffsetsSnapshot.parseFrom(snapshot.toByteArray()));

    assertThat(restored.toSnapshot(5, 1234)).isEqualTo(snapshot);
    for (ConsumerGroup g : sim.state.groups().groups().values()) {
      ConsumerGroup r = restored.groups().group(g.groupId()).orElseThrow();
      assertThat(r.members()).isEqualTo(g.members());
      assertThat(r.state()).isEqualTo(g.state());
      g.members().values().forEach(m -> m.owned().forEach((t, p) ->
          assertThat(r.ownerOf(t, p)).contains(m.memberId())));
    }
    assertThat(restored.offsets().groupIds()).isEqualTo(sim.state.offsets().groupIds());
  }

  @Test
  void theRestoredStateContinuesLikeTheOriginal() {
    GroupSim sim = randomHistory(11);
    CoordinatorState restored = CoordinatorState.fromSnapshot(sim.state.toSnapshot(1, 1));
    Member any = sim.members.values().stream().filter(m -> m.alive).findFirst().orElseThrow();
    HeartbeatRequest hb = HeartbeatRequest.heartbeat(any.group, any.id, any.epoch, any.owned);

    CoordinatorResult<HeartbeatResponse> a = sim.coordinator.heartbeat(sim.state, hb, sim.topics, sim.now);
    CoordinatorResult<HeartbeatResponse> b = sim.coordinator.heartbeat(restored, hb, sim.topics, sim.now);

    assertThat(b).isEqualTo(a);
  }

  @Test
  void handlersNeverMutateTheState() {
    GroupSim sim = randomHistory(3);
    List<OffsetsRecord> before = sim.state.snapshotRecords();
    List<CoordinatorResult<?>> results = new ArrayList<>();
    for (Member m : sim.members.values()) {
      results.add(sim.coordinator.heartbeat(sim.state, HeartbeatRequest.heartbeat(m.group, m.id, m.epoch, m.owned),
          sim.topics, sim.now));
      results.add(sim.coordinator.heartbeat(sim.state, HeartbeatRequest.leave(m.group, m.id), sim.topics, sim.now));
    }
    results.add(sim.coordinator.expireOffsets(sim.state, Long.MAX_VALUE / 2));
    results.add(sim.coordinator.deleteGroup(sim.state, "g1"));
    assertThat(results).anySatisfy(r -> assertThat(r.records()).isNotEmpty());
    assertThat(sim.state.snapshotRecords()).isEqualTo(before);
  }

  @Test
  void copiesAreIndependent() {
    GroupSim sim = randomHistory(5);
    CoordinatorState copy = sim.state.copy();
    List<OffsetsRecord> before = sim.state.snapshotRecords();
    copy.applyAll(sim.coordinator.expireOffsets(copy, Long.MAX_VALUE / 2).records());
    sim.state.groups().groups().keySet().forEach(g ->
        copy.applyAll(sim.coordinator.deleteGroup(copy, g).records()));
    assertThat(sim.state.snapshotRecords()).isEqualTo(before);
  }
}
