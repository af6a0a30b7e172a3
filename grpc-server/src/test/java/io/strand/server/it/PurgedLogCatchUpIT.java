package io.strand.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.PartitionProduceResult;
import io.strand.server.testkit.MiniCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A follower that was down while its peers snapshotted and purged their Raft logs catches up from the leader
 * over Strand's replica service (Ratis snapshot notification mode). Small snapshot thresholds and Raft log
 * segments make the purge happen after a few hundred entries.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PurgedLogCatchUpIT {

  private static MiniCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = MiniCluster.builder().nodes(3)
        .configure(b -> b.snapshotThresholdEntries(40).raftSegmentBytes(64 * 1024))
        .start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void nodeRestartedAfterItsPeersPurgedTheirRaftLogsCatchesUpFromTheLeader() {
    String topic = "purged";
    cluster.createTopic(topic, 1, 3);
    int leader = cluster.awaitLeader(topic, 0);
    int lagging = cluster.nodeIds().stream().filter(n -> n != leader).findFirst().orElseThrow();
    List<String> acknowledged = new ArrayList<>();
    FailoverIT.produceSequence(cluster, leader, topic, 0, 5, acknowledged);
    FailoverIT.awaitIdenticalReplicas(cluster, topic, acknowledged);

    cluster.stop(lagging);
    String payload = "p".repeat(2048);
    for (int i = 5; i < 300; i++) {
      PartitionProduceResult r = FailoverIT.produce(cluster, leader, topic, 0, i + ":" + payload);
      assertThat(r.getError().getCode()).as(r.getError().getMessage()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
      acknowledged.add(i + ":" + payload);
    }
    Path raftLog = cluster.dataDir(leader).resolve("raft").resolve(FailoverIT.groupUuid(cluster, topic, 0)).resolve("current");
    await().atMost(Duration.ofSeconds(30)).until(() -> firstLogIndex(raftLog) > 1);

    cluster.restart(lagging);

    FailoverIT.awaitIdenticalReplicas(cluster, topic, acknowledged);
  }

  /** The smallest start index of the Raft log segment files in a group's log directory. */
  private static long firstLogIndex(Path currentDir) throws IOException {
    try (Stream<Path> files = Files.list(currentDir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("log_"))
          .mapToLong(n -> Long.parseLong(n.replace("log_inprogress_", "").replace("log_", "").split("-")[0]))
          .min().orElse(0);
    }
  }
}
