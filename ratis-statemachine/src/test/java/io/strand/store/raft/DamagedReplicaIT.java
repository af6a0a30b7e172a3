package io.strand.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strand.api.v1.ErrorCode;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatches;
import io.strand.store.log.LogConfig;
import io.strand.store.log.LogReadResult;
import io.strand.store.log.TestBatches;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.PartitionSpec;
import io.strand.store.partition.RaftPartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
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
      awaitHighWatermark(cluster, DAMAGED_NODE, damaged.id(), 20);
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
      awaitHighWatermark(cluster, DAMAGED_NODE, intact.id(), 25);
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
        awaitHighWatermark(cluster, id, damaged.id(), 30);
      }
      assertThat(batchBytes(cluster.replica(DAMAGED_NODE, damaged.id())))
          .containsExactlyElementsOf(batchBytes(cluster.replica(cluster.awaitLeader(damaged.id()), damaged.id())));
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

  private static void awaitHighWatermark(RaftTestCluster cluster, int node, TopicPartitionId id, long offset) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> cluster.replica(node, id).highWatermark() == offset);
  }

  private static List<byte[]> batchBytes(PartitionReplica replica) {
    List<byte[]> batches = new ArrayList<>();
    long offset = replica.logStartOffset();
    while (offset < replica.highWatermark()) {
      LogReadResult read = replica.read(offset, 64 * 1024);
      for (RecordBatch batch : RecordBatches.iterate(read.records())) {
        ByteBuffer bytes = batch.buffer();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        batches.add(copy);
      }
      offset = read.nextOffset();
    }
    return batches;
  }
}
