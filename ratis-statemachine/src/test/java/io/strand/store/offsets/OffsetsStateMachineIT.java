package io.strand.store.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.OffsetsRecord;
import io.strand.store.offsets.HeartbeatRequest.Subscription;
import io.strand.store.offsets.OffsetCommitRequest.PartitionOffset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.ExitUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The offsets state machine on a real 3-replica Ratis group: replication, failover, snapshots and catch-up. */
@Timeout(120)
class OffsetsStateMachineIT {
  private static final String G = "g";
  private static final TopicsView TOPICS = TopicsView.of(Map.of("t", 6));
  private static final OffsetsConfig CONFIG = OffsetsConfig.builder().heartbeatIntervalMs(200).build();

  @BeforeAll
  static void keepRatisFromExitingTheJvm() {
    ExitUtils.disableSystemExit();
  }

  /** Heartbeats every member against the coordinator until the group is stable; returns their last responses. */
  private static Map<String, HeartbeatResponse> formGroup(OffsetsStateMachine sm, List<String> members)
      throws Exception {
    Map<String, HeartbeatResponse> last = new LinkedHashMap<>();
    for (String m : members) {
      last.put(m, sm.heartbeat(HeartbeatRequest.join(G, m, Subscription.topics("t"))).get());
    }
    for (int round = 0; round < 10; round++) {
      for (String m : members) {
        HeartbeatResponse prev = last.get(m);
        last.put(m, sm.heartbeat(HeartbeatRequest.heartbeat(G, m, prev.memberEpoch(), prev.assignment())).get());
      }
      if (sm.describeGroup(G).get().orElseThrow().state() == GroupState.STABLE) {
        return last;
      }
    }
    throw new AssertionError("group did not stabilize: " + sm.describeGroup(G).get());
  }

  private static List<OffsetsRecord> state(OffsetsRaftCluster c, RaftPeerId id) {
    return c.stateMachine(id).readLocal(CoordinatorState::snapshotRecords);
  }

  @Test
  void groupsAndOffsetsSurviveCoordinatorFailover(@TempDir Path dir) throws Exception {
    try (OffsetsRaftCluster c = new OffsetsRaftCluster(dir, CONFIG, TOPICS,
        p -> RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE)).start()) {
      RaftPeerId leader = c.awaitCoordinator();
      OffsetsStateMachine sm = c.stateMachine(leader);
      Map<String, HeartbeatResponse> members = formGroup(sm, List.of("a", "b", "c"));
      assertThat(members.values()).allSatisfy(r -> assertThat(r.assignment().size()).isEqualTo(2));
      for (Map.Entry<String, HeartbeatResponse> e : members.entrySet()) {
        List<PartitionOffset> offsets = new ArrayList<>();
        e.getValue().assignment().forEach((t, p) -> offsets.add(PartitionOffset.of(t, p, 100 + p)));
        OffsetCommitResponse r = sm.commitOffsets(OffsetCommitRequest.member(G, e.getKey(),
            e.getValue().memberEpoch(), offsets)).get();
        assertThat(r.firstError()).isEmpty();
      }
      Map<TopicPartition, OffsetAndMetadata> committed = sm.fetchOffsets(G, Optional.empty()).get();
      assertThat(committed).hasSize(6);
      List<OffsetsRecord> leaderState = state(c, leader);
      await().untilAsserted(() -> c.running().forEach(id -> assertThat(state(c, id)).isEqualTo(leaderState)));

      c.stop(leader);
      RaftPeerId next = c.awaitCoordinator();
      OffsetsStateMachine sm2 = c.stateMachine(next);

      for (Map.Entry<String, HeartbeatResponse> e : members.entrySet()) {
        HeartbeatResponse before = e.getValue();
        HeartbeatResponse after = sm2.heartbeat(HeartbeatRequest.heartbeat(G, e.getKey(), before.memberEpoch(),
            before.assignment())).get();
        assertThat(after.error()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
        assertThat(after.memberEpoch()).isEqualTo(before.memberEpoch());
        assertThat(after.assignment()).isEqualTo(before.assignment());
      }
      assertThat(sm2.fetchOffsets(G, Optional.empty()).get()).isEqualTo(committed);
      OffsetCommitResponse zombie = sm2.commitOffsets(OffsetCommitRequest.member(G, "a",
          members.get("a").memberEpoch() - 1, List.of(PartitionOffset.of("t", 0, 1)))).get();
      assertThat(zombie.firstError()).contains(ErrorCode.ERROR_CODE_STALE_MEMBER_EPOCH);
      assertThat(c.stateMachine(c.anyFollower(next).orElseThrow()).isCoordinator()).isFalse();
    }
  }

  @Test
  void snapshotsRestoreStateAndCatchUpAFollowerBehindThePurgedLog(@TempDir Path dir) throws Exception {
    try (OffsetsRaftCluster c = new OffsetsRaftCluster(dir, CONFIG, TOPICS, p -> {
      RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
      RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, 40);
      RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
      RaftServerConfigKeys.Log.setPurgeGap(p, 1);
    }).start()) {
      RaftPeerId leader = c.awaitCoordinator();
      RaftPeerId lagging = c.anyFollower(leader).orElseThrow();
      c.stop(lagging);

      OffsetsStateMachine sm = c.stateMachine(leader);
      for (int i = 1; i <= 300; i++) {
        OffsetCommitResponse r = sm.commitOffsets(OffsetCommitRequest.simple(G,
            List.of(PartitionOffset.of("t", i % 6, i)))).get();
        assertThat(r.firstError()).isEmpty();
      }
      Map<TopicPartition, OffsetAndMetadata> committed = sm.fetchOffsets(G, Optional.empty()).get();
      assertThat(committed.get(new TopicPartition("t", 0)).offset()).isEqualTo(300);
      await().until(() -> c.stateMachine(leader).getLatestSnapshot() != null);

      c.start(lagging);
      List<OffsetsRecord> leaderState = state(c, leader);
      await().atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(state(c, lagging)).isEqualTo(leaderState));
      assertThat(c.snapshotFetches.get()).as("caught up through the snapshot source").isPositive();
      assertThat(c.stateMachine(lagging).getLatestSnapshot()).isNotNull();

      List<RaftPeerId> all = c.running();
      for (RaftPeerId id : all) {
        c.stop(id);
      }
      for (RaftPeerId id : all) {
        c.start(id);
      }
      RaftPeerId restarted = c.awaitCoordinator();
      assertThat(c.stateMachine(restarted).fetchOffsets(G, Optional.empty()).get()).isEqualTo(committed);
      OffsetCommitResponse lower = c.stateMachine(restarted).commitOffsets(OffsetCommitRequest.simple(G,
          List.of(PartitionOffset.of("t", 0, 3)))).get();
      assertThat(lower.partitions().get(0).committedOffset()).isEqualTo(300);
    }
  }
}
