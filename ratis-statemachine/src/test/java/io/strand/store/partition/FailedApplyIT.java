package io.strand.store.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strand.api.v1.ErrorCode;
import io.strand.store.error.StoreException;
import io.strand.record.RecordBatch;
import io.strand.store.log.LogConfig;
import io.strand.store.log.LogReadResult;
import io.strand.store.log.SegmentFiles;
import io.strand.store.log.TestBatches;
import io.strand.store.metrics.PartitionMetrics;
import io.strand.store.raft.RaftTestCluster;
import io.strand.store.raft.RatisTuning;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica whose log fails under it stops applying and goes offline, the partition stays writable through the
 * other replicas, and the node restarts the replica's group by itself (no node restart): once its storage works
 * again it replays its Raft log and holds exactly what the others hold.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailedApplyIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir
  Path root;

  @Test
  void leaderWithAFailedApplyGoesOfflineThenRestartsByItself() throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, RESTART_QUICKLY)) {
      PartitionSpec spec = cluster.createPartition("fragile", 0, LogConfig.DEFAULT, List.of(1, 2, 3));
      RaftPartitionReplica broken = (RaftPartitionReplica) cluster.replica(1, spec.id());
      assertThat(broken.append(TestBatches.batch(1, 1, 10), TIMEOUT).get(30, TimeUnit.SECONDS).error())
          .isEqualTo(ErrorCode.ERROR_CODE_NONE);

      broken.stateMachine().log().close();
      CompletableFuture<AppendResult> failed = broken.append(TestBatches.batch(2, 1, 10), TIMEOUT);

      assertThat(causeOf(failed)).isInstanceOf(StoreException.class);
      assertThat(broken.stateMachine().isHealthy()).isFalse();
      assertThat(cluster.meters(1).get(PartitionMetrics.APPLY_FAILURES).counter().count()).isEqualTo(1);
      await("node 1 restarts the replica").atMost(Duration.ofSeconds(30))
          .until(() -> cluster.node(1).partition(spec.id()).filter(r -> r != broken).isPresent());
      // The restarted replica may win leadership back (it is the preferred leader): write through whoever leads.
      PartitionReplica leader = cluster.replica(cluster.awaitLeader(spec.id()), spec.id());
      assertThat(leader.append(TestBatches.batch(3, 1, 10), TIMEOUT).get(30, TimeUnit.SECONDS).error())
          .isEqualTo(ErrorCode.ERROR_CODE_NONE);
      // The failed write was committed before node 1 failed to apply it: it is there, once.
      assertThat(leader.highWatermark()).isEqualTo(3);

      awaitReplicaConverged(cluster, spec.id(), 1, broken, cluster.replica(2, spec.id()));
    }
  }

  /**
   * A storage failure that lasts (here: the next segment's file name is taken by a directory, so rolling the log
   * fails, and so does recovering the replica while the directory is there) keeps the replica offline and its
   * restarts failing, without a node restart and without losing an acknowledged write; once the storage is fixed
   * the next restart attempt recovers it. Real ENOSPC takes the same path (see the chaos harness' disk-full fault).
   */
  @Test
  void replicaRecoversByItselfOnceALastingStorageFailureIsRepaired() throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, RESTART_QUICKLY)) {
      LogConfig tinySegments = LogConfig.DEFAULT.toBuilder().segmentBytes(100).retentionMs(-1).build();
      PartitionSpec spec = cluster.createPartition("lasting", 0, tinySegments, List.of(1, 2, 3));
      RaftPartitionReplica broken = (RaftPartitionReplica) cluster.replica(1, spec.id());
      assertThat(broken.append(TestBatches.batch(1, 1, 40), TIMEOUT).get(30, TimeUnit.SECONDS).error())
          .isEqualTo(ErrorCode.ERROR_CODE_NONE);
      // The next batch does not fit in the 100-byte segment: node 1 must roll to a segment at offset 1.
      Path blocker = SegmentFiles.logFile(broken.directory().logDir(), 1);
      Files.createDirectories(blocker.resolve("in-the-way"));

      CompletableFuture<AppendResult> failed = broken.append(TestBatches.batch(2, 1, 40), TIMEOUT);

      assertThat(causeOf(failed)).isInstanceOfSatisfying(StoreException.class,
          e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ERROR_CODE_STORAGE_ERROR));
      int newLeader = awaitLeaderOtherThan(cluster, spec.id(), 1);
      PartitionReplica healthy = cluster.replica(newLeader, spec.id());
      assertThat(healthy.append(TestBatches.batch(3, 1, 40), TIMEOUT).get(30, TimeUnit.SECONDS).error())
          .isEqualTo(ErrorCode.ERROR_CODE_NONE);
      // The failed write was committed before node 1 failed to apply it: the other replicas hold it.
      assertThat(healthy.highWatermark()).isEqualTo(3);

      await("node 1 tries to restart the replica while the storage is broken").atMost(Duration.ofSeconds(30))
          .until(() -> cluster.node(1).partition(spec.id()).filter(r -> r != broken).isPresent());
      assertThat(Files.isDirectory(blocker)).as("the failure lasts until repaired").isTrue();
      Files.delete(blocker.resolve("in-the-way"));
      Files.delete(blocker);

      awaitReplicaConverged(cluster, spec.id(), 1, broken, healthy);
    }
  }

  /**
   * Chaos finding 9: a replica that stopped applying kept serving reads as leader until it went offline. Ratis still
   * counts its failed applies as applied, so it reports the leader ready (here it already was; in the chaos run it
   * was elected after the failure), while the partition log stays where the failure left it, short of what was
   * committed. Readers routed to it were told their position was past the end ({@code OFFSET_OUT_OF_RANGE}, log
   * end 6870 for a fetch at 9526), reset to that stale end and read 2,656 records again.
   */
  @Test
  void leaderThatStoppedApplyingIsNotReadyToServe() throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 1, t -> { })) {
      PartitionSpec spec = cluster.createPartition("stalled", 0, LogConfig.DEFAULT, List.of(1));
      RaftPartitionReplica broken = (RaftPartitionReplica) cluster.replica(1, spec.id());
      assertThat(broken.append(TestBatches.batch(1, 1, 10), TIMEOUT).get(30, TimeUnit.SECONDS).error())
          .isEqualTo(ErrorCode.ERROR_CODE_NONE);

      broken.stateMachine().log().close();
      assertThat(causeOf(broken.append(TestBatches.batch(2, 1, 10), TIMEOUT))).isInstanceOf(StoreException.class);

      assertThat(broken.isLeaderReady()).as("a leader whose log stopped short of its commits serves no reads")
          .isFalse();
    }
  }

  private static final Consumer<RatisTuning.Builder> RESTART_QUICKLY =
      t -> t.groupRestartDelayMin(Duration.ofMillis(200)).groupRestartDelayMax(Duration.ofSeconds(1));

  private static int awaitLeaderOtherThan(RaftTestCluster cluster, TopicPartitionId id, int node) {
    int[] leader = new int[1];
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      leader[0] = cluster.awaitLeader(id);
      return leader[0] != node;
    });
    return leader[0];
  }

  /** The node's replica was replaced by a restarted one that holds the same batches as the healthy replica. */
  private static void awaitReplicaConverged(RaftTestCluster cluster, TopicPartitionId id, int node,
                                            PartitionReplica failed, PartitionReplica healthy) {
    await("node " + node + " restarts its replica and catches up").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
          PartitionReplica current = cluster.replica(node, id);
          return current != failed && current.highWatermark() == healthy.highWatermark();
        });
    PartitionReplica restarted = cluster.replica(node, id);
    assertThat(readAll(restarted)).hasSize((int) healthy.highWatermark()).isEqualTo(readAll(healthy));
  }

  /** Every batch of the replica's log, as bytes (a read stops at a segment's end). */
  private static List<ByteBuffer> readAll(PartitionReplica replica) {
    List<ByteBuffer> batches = new ArrayList<>();
    long offset = replica.logStartOffset();
    while (offset < replica.highWatermark()) {
      LogReadResult read = replica.read(offset, 1 << 20);
      for (RecordBatch batch : TestBatches.batches(read)) {
        batches.add(batch.buffer());
      }
      offset = read.nextOffset();
    }
    return batches;
  }

  private static Throwable causeOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
