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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: a gracefully stopped leader used to snapshot at its last Raft index N. The new leader rolls its Raft
 * log segment at N when its term starts, so once it snapshotted and purged, its log began at exactly N+1; the
 * restarted node then answered every install notification with "already installed" (its snapshot was N) while the
 * leader had no term for entry N to send entries after it, and the node never caught up. Raft log segments here
 * are large, so the term-start roll is the only segment boundary, which is the default shape in production.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LeaderRestartAfterPurgeIT {

  @Test
  void gracefullyStoppedLeaderRejoinsAfterTheNewLeaderPurgedItsRaftLog() {
    try (MiniCluster cluster = MiniCluster.builder().nodes(3)
        .configure(b -> b.snapshotThresholdEntries(40)).start()) {
      String topic = "purged-leader";
      cluster.createTopic(topic, 1, 3);
      int oldLeader = cluster.awaitLeader(topic, 0);
      int entry = cluster.nodeIds().stream().filter(n -> n != oldLeader).findFirst().orElseThrow();
      List<String> acknowledged = new ArrayList<>();
      FailoverIT.produceSequence(cluster, oldLeader, topic, 0, 10, acknowledged);
      FailoverIT.awaitIdenticalReplicas(cluster, topic, acknowledged);

      cluster.stop(oldLeader);
      int newLeader = cluster.awaitLeader(topic, 0);
      for (int i = 10; i < 150; i++) {
        PartitionProduceResult r = FailoverIT.produce(cluster, entry, topic, 0, "v" + i);
        assertThat(r.getError().getCode()).as(r.getError().getMessage()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
        acknowledged.add("v" + i);
      }
      Path raftLog = cluster.dataDir(newLeader).resolve("raft")
          .resolve(FailoverIT.groupUuid(cluster, topic, 0)).resolve("current");
      await().atMost(Duration.ofSeconds(30)).until(() -> firstLogIndex(raftLog) > 1);

      cluster.restart(oldLeader);
      FailoverIT.produceSequence(cluster, oldLeader, topic, 150, 155, acknowledged);

      FailoverIT.awaitIdenticalReplicas(cluster, topic, acknowledged);
    }
  }

  private static long firstLogIndex(Path currentDir) throws IOException {
    try (Stream<Path> files = Files.list(currentDir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("log_"))
          .mapToLong(n -> Long.parseLong(n.replace("log_inprogress_", "").replace("log_", "").split("-")[0]))
          .min().orElse(0);
    }
  }
}
