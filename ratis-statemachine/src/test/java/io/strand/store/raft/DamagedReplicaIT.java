package io.strand.store.raft;

import static io.strand.store.raft.RaftTestCluster.committedBatches;
import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.ErrorCode;
import io.strand.store.log.LogConfig;
import io.strand.store.log.TestBatches;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.PartitionSpec;
import io.strand.store.partition.RaftPartitionReplica;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftGroupId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica whose fsynced batches vanished from disk (its snapshot covers offsets its segments no longer hold, which
 * a crash cannot cause) is held out at start-up instead of failing the whole node: the node starts and serves its
 * other partitions, the damaged partition keeps committing on its two other replicas, and the documented repair
 * (delete the held storage and the partition directory, start, re-add, restart the partition's leader) brings back
 * an exact copy.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DamagedReplicaIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final List<Integer> REPLICAS = List.of(1, 2, 3);
  private static final int DAMAGED_NODE = 3;

  @TempDir
  Path root;

  @Test
  void aReplicaMissingFlushedDataIsHeldOutAndTheNodeServesTheRest() throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, t -> { })) {
      PartitionSpec damaged = cluster.createPartition("damaged", 0, LogConfig.DEFAULT, REPLICAS);
      PartitionSpec intact = cluster.createPartition("intact", 0, LogConfig.DEFAULT, REPLICAS);
      appendBatches(cluster, damaged, 20);
      appendBatches(cluster, intact, 20);
      RaftPartitionReplica victim = (RaftPartitionReplica) cluster.replica(DAMAGED_NODE, damaged.id());
      cluster.awaitHighWatermark(DAMAGED_NODE, damaged.id(), 20);
      assertThat(victim.takeSnapshot(TIMEOUT).get(30, TimeUnit.SECONDS)).isPositive();
      RaftGroupId groupId = victim.groupId();
      Path partitionDir = victim.directory().path();
      Path logDir = victim.directory().logDir();

      cluster.stop(DAMAGED_NODE);
      cutNewestSegmentInHalf(logDir);
      cluster.restart(DAMAGED_NODE);

      RaftNode node = cluster.node(DAMAGED_NODE);
      assertThat(node.heldReplicas()).containsOnlyKeys(groupId);
      assertThat(node.heldReplicas().get(groupId)).contains("flushed data is missing");
      assertThat(node.partition(damaged.id())).isEmpty();
      assertThat(root.resolve("node-" + DAMAGED_NODE).resolve("raft-held").resolve(groupId.getUuid().toString()))
          .isDirectory();
      appendBatches(cluster, intact, 5);
      cluster.awaitHighWatermark(DAMAGED_NODE, intact.id(), 25);
      appendBatches(cluster, damaged, 5);
      assertThat(node.addPartition(damaged).handle((r, e) -> e).get(30, TimeUnit.SECONDS))
          .as("the node refuses to re-create a held replica").hasMessageContaining("held out since start-up");

      cluster.stop(DAMAGED_NODE);
      deleteTree(root.resolve("node-" + DAMAGED_NODE).resolve("raft-held").resolve(groupId.getUuid().toString()));
      deleteTree(partitionDir);
      cluster.restart(DAMAGED_NODE);
      assertThat(cluster.node(DAMAGED_NODE).heldReplicas()).isEmpty();
      cluster.node(DAMAGED_NODE).addPartition(damaged).get(30, TimeUnit.SECONDS);
      // The leader still believes the old replica's match index; only a new leader replicates from the start.
      cluster.restart(cluster.awaitLeader(damaged.id()));

      appendBatches(cluster, damaged, 5);
      for (int id : REPLICAS) {
        cluster.awaitHighWatermark(id, damaged.id(), 30);
      }
      PartitionReplica leader = cluster.replica(cluster.awaitLeader(damaged.id()), damaged.id());
      assertThat(committedBatches(cluster.replica(DAMAGED_NODE, damaged.id())))
          .containsExactlyElementsOf(committedBatches(leader));
    }
  }

  private static void appendBatches(RaftTestCluster cluster, PartitionSpec spec, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      PartitionReplica leader = cluster.replica(cluster.awaitLeader(spec.id()), spec.id());
      assertThat(leader.append(TestBatches.batch(i, 1, 200), TIMEOUT).get(30, TimeUnit.SECONDS).error())
          .isEqualTo(ErrorCode.ERROR_CODE_NONE);
    }
  }

  private static void cutNewestSegmentInHalf(Path logDir) throws IOException {
    Path newest;
    try (Stream<Path> files = Files.list(logDir)) {
      newest = files.filter(p -> p.getFileName().toString().endsWith(".log"))
          .max(Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
      ch.force(true);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
