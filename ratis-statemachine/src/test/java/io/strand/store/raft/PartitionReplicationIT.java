package io.strand.store.raft;

import static io.strand.store.raft.RaftTestCluster.committedBatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strand.api.v1.ErrorCode;
import io.strand.record.CompressionType;
import io.strand.record.Record;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatchBuilder;
import io.strand.store.error.NotLeaderException;
import io.strand.store.error.OffsetOutOfRangeException;
import io.strand.store.log.LogConfig;
import io.strand.store.metrics.PartitionMetrics;
import io.strand.store.partition.AppendResult;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.PartitionSpec;
import io.strand.store.partition.RaftPartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import org.apache.ratis.server.raftlog.RaftLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three real RaftNodes in this JVM replicating one partition. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PartitionReplicationIT {
  private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(20);
  private static final List<Integer> REPLICAS = List.of(1, 2, 3);

  @TempDir
  Path root;

  @Test
  void concurrentAppendsLandAsIdenticalBatchesAtIdenticalOffsetsOnEveryReplica() throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, t -> { })) {
      PartitionSpec spec = cluster.createPartition("orders", 0, LogConfig.DEFAULT, REPLICAS);
      int leaderId = cluster.awaitLeader(spec.id());
      PartitionReplica leader = cluster.replica(leaderId, spec.id());

      List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        futures.add(leader.append(batchOf("order-" + i + "-a", "order-" + i + "-b"), APPEND_TIMEOUT));
      }
      List<AppendResult> results = new ArrayList<>();
      for (CompletableFuture<AppendResult> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }

      assertThat(results).allMatch(r -> r.error() == ErrorCode.ERROR_CODE_NONE);
      assertThat(results).extracting(AppendResult::baseOffset).doesNotHaveDuplicates()
          .allMatch(o -> o % 2 == 0 && o < 600);
      awaitHighWatermark(cluster, spec.id(), 600);
      List<byte[]> leaderBatches = committedBatches(leader);
      assertThat(leaderBatches).hasSize(300);
      for (int node : REPLICAS) {
        assertThat(committedBatches(cluster.replica(node, spec.id()))).as("node %d", node)
            .containsExactlyElementsOf(leaderBatches);
      }
      for (byte[] batch : leaderBatches) {
        assertThat(RecordBatch.wrap(ByteBuffer.wrap(batch)).partitionLeaderEpoch()).isPositive();
      }
      double entries = cluster.meters(leaderId).get(PartitionMetrics.ENTRY_BATCHES).summary().count();
      assertThat(entries).as("Raft entries for 300 batches (group commit)").isLessThan(300);

      int follower = REPLICAS.stream().filter(n -> n != leaderId).findFirst().orElseThrow();
      CompletableFuture<AppendResult> misrouted = cluster.replica(follower, spec.id())
          .append(batchOf("x"), APPEND_TIMEOUT);
      assertThat(causeOf(misrouted)).isInstanceOfSatisfying(NotLeaderException.class,
          e -> assertThat(e.leaderNodeId()).hasValue(leaderId));
    }
  }

  @Test
  void newLeaderAfterTheLeaderStopsHasEveryAcknowledgedRecordAndLeadershipReturnsToThePreferredReplica()
      throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, t -> { })) {
      PartitionSpec spec = cluster.createPartition("payments", 0, LogConfig.DEFAULT, REPLICAS);
      int preferred = REPLICAS.get(0);
      cluster.awaitLeader(spec.id(), preferred);
      List<String> acknowledged = new ArrayList<>(appendAll(cluster.replica(preferred, spec.id()), "before", 50));

      cluster.stop(preferred);
      int newLeader = cluster.awaitLeader(spec.id());
      assertThat(newLeader).isNotEqualTo(preferred);
      acknowledged.addAll(appendAll(cluster.replica(newLeader, spec.id()), "after", 50));
      for (int node : cluster.runningNodes()) {
        cluster.awaitHighWatermark(node, spec.id(), 100);
        assertThat(values(cluster.replica(node, spec.id()))).as("node %d", node)
            .containsExactlyElementsOf(acknowledged);
      }

      cluster.restart(preferred);
      cluster.awaitLeader(spec.id(), preferred);
      acknowledged.addAll(appendAll(cluster.replica(preferred, spec.id()), "back", 10));
      for (int node : REPLICAS) {
        cluster.awaitHighWatermark(node, spec.id(), 110);
        assertThat(values(cluster.replica(node, spec.id()))).as("node %d", node)
            .containsExactlyElementsOf(acknowledged);
      }
    }
  }

  @Test
  void restartFromSnapshotPlusRaftLogReplayNeitherLosesNorDuplicates() throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, t -> { })) {
      PartitionSpec spec = cluster.createPartition("events", 0, LogConfig.DEFAULT, REPLICAS);
      List<String> acknowledged = new ArrayList<>(appendAll(leader(cluster, spec), "first", 40));
      for (int node : REPLICAS) {
        cluster.awaitHighWatermark(node, spec.id(), 40);
        long snapshotIndex = ((RaftPartitionReplica) cluster.replica(node, spec.id()))
            .takeSnapshot(APPEND_TIMEOUT).get(30, TimeUnit.SECONDS);
        assertThat(snapshotIndex).isPositive();
      }
      acknowledged.addAll(appendAll(leader(cluster, spec), "second", 40));
      int follower = followerOf(cluster, spec);
      cluster.awaitHighWatermark(follower, spec.id(), 80);

      cluster.restart(follower);
      cluster.awaitHighWatermark(follower, spec.id(), 80);
      assertThat(values(cluster.replica(follower, spec.id()))).containsExactlyElementsOf(acknowledged);

      for (int node : REPLICAS) {
        cluster.stop(node);
      }
      for (int node : REPLICAS) {
        cluster.restart(node);
      }
      cluster.awaitLeader(spec.id(), REPLICAS.get(0));
      acknowledged.addAll(appendAll(leader(cluster, spec), "third", 20));
      List<byte[]> expected = null;
      for (int node : REPLICAS) {
        cluster.awaitHighWatermark(node, spec.id(), 100);
        PartitionReplica replica = cluster.replica(node, spec.id());
        assertThat(values(replica)).as("node %d", node).containsExactlyElementsOf(acknowledged);
        expected = expected == null ? committedBatches(replica) : expected;
        assertThat(committedBatches(replica)).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void followerBehindThePurgedRaftLogCatchesUpFromTheLeader() throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, t -> t.raftSegmentBytes(64 * 1024)
        .purgeGapEntries(1).snapshotThresholdEntries(1_000_000).snapshotThresholdBytes(0))) {
      PartitionSpec spec = cluster.createPartition("clicks", 0, LogConfig.DEFAULT, REPLICAS);
      List<String> acknowledged = new ArrayList<>(appendAll(leader(cluster, spec), "early", 10));
      int follower = followerOf(cluster, spec);
      cluster.awaitHighWatermark(follower, spec.id(), 10);
      cluster.stop(follower);

      int leaderId = cluster.awaitLeader(spec.id());
      RaftPartitionReplica leader = (RaftPartitionReplica) cluster.replica(leaderId, spec.id());
      acknowledged.addAll(appendAll(leader, "missed", 150, 2048));
      leader.takeSnapshot(APPEND_TIMEOUT).get(30, TimeUnit.SECONDS);
      RaftLog leaderLog = cluster.node(leaderId).server().getDivision(leader.groupId()).getRaftLog();
      await("leader purges its Raft log").atMost(Duration.ofSeconds(30)).until(() -> leaderLog.getStartIndex() > 20);
      acknowledged.addAll(appendAll(leader, "after-snapshot", 10));

      cluster.restart(follower);
      cluster.awaitHighWatermark(follower, spec.id(), acknowledged.size());
      PartitionReplica caughtUp = cluster.replica(follower, spec.id());
      assertThat(values(caughtUp)).containsExactlyElementsOf(acknowledged);
      assertThat(committedBatches(caughtUp)).containsExactlyElementsOf(committedBatches(leader));
      assertThat(cluster.meters(follower).get(PartitionMetrics.CATCH_UPS).tag("outcome", "success").counter()
          .count()).isGreaterThanOrEqualTo(1);

      acknowledged.addAll(appendAll(leader(cluster, spec), "later", 10));
      cluster.awaitHighWatermark(follower, spec.id(), acknowledged.size());
      assertThat(values(caughtUp)).containsExactlyElementsOf(acknowledged);
    }
  }

  @Test
  void retriedIdempotentAppendIsDeduplicatedAlsoByANewLeader() throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, t -> { })) {
      PartitionSpec spec = cluster.createPartition("ledger", 0, LogConfig.DEFAULT, REPLICAS);
      PartitionReplica leader = leader(cluster, spec);
      ByteBuffer first = idempotentBatch(0, 0, "a", "b", "c");
      ByteBuffer second = idempotentBatch(0, 3, "d", "e");

      assertThat(append(leader, first).baseOffset()).isZero();
      AppendResult retry = append(leader, first);
      assertThat(retry.error()).isEqualTo(ErrorCode.ERROR_CODE_DUPLICATE_SEQUENCE);
      assertThat(retry.baseOffset()).isZero();
      assertThat(retry.lastOffset()).isEqualTo(2);
      assertThat(append(leader, second).baseOffset()).isEqualTo(3);
      assertThat(append(leader, idempotentBatch(0, 9, "gap")).error())
          .isEqualTo(ErrorCode.ERROR_CODE_OUT_OF_ORDER_SEQUENCE);

      int oldLeader = cluster.awaitLeader(spec.id());
      awaitHighWatermark(cluster, spec.id(), 5);
      cluster.stop(oldLeader);
      PartitionReplica newLeader = leader(cluster, spec);
      AppendResult retryAfterFailover = append(newLeader, second);
      assertThat(retryAfterFailover.error()).isEqualTo(ErrorCode.ERROR_CODE_DUPLICATE_SEQUENCE);
      assertThat(retryAfterFailover.baseOffset()).isEqualTo(3);
      assertThat(append(newLeader, idempotentBatch(0, 5, "f")).baseOffset()).isEqualTo(5);
      assertThat(append(newLeader, idempotentBatch(1, 0, "g")).baseOffset()).isEqualTo(6);
      assertThat(append(newLeader, idempotentBatch(0, 6, "stale")).error())
          .isEqualTo(ErrorCode.ERROR_CODE_INVALID_PRODUCER_EPOCH);
      assertThat(values(newLeader)).containsExactly("a", "b", "c", "d", "e", "f", "g");
    }
  }

  @Test
  void deleteRecordsAndRetentionGoThroughRaftToEveryReplica() throws Exception {
    try (RaftTestCluster cluster = RaftTestCluster.start(root, 3, t -> { })) {
      PartitionSpec spec = cluster.createPartition("audit", 0, LogConfig.DEFAULT, REPLICAS);
      PartitionReplica leader = leader(cluster, spec);
      appendAll(leader, "r", 10);

      assertThat(leader.deleteRecordsBefore(4, APPEND_TIMEOUT).get(30, TimeUnit.SECONDS)).isEqualTo(4);
      for (int node : REPLICAS) {
        await().atMost(Duration.ofSeconds(30))
            .until(() -> cluster.replica(node, spec.id()).logStartOffset() == 4);
      }
      assertThat(causeOf(leader.deleteRecordsBefore(11, APPEND_TIMEOUT)))
          .isInstanceOf(OffsetOutOfRangeException.class);
      assertThatThrownBy(() -> leader.read(2, 1024)).isInstanceOf(OffsetOutOfRangeException.class);

      LogConfig smallSegments = LogConfig.builder().segmentBytes(400).retentionBytes(800).build();
      PartitionSpec retained = cluster.createPartition("audit", 1, smallSegments, REPLICAS);
      appendAll(leader(cluster, retained), "s", 30);
      await("retention applied identically on every replica").atMost(Duration.ofSeconds(30)).until(() -> {
        List<Long> starts = new ArrayList<>();
        for (int node : REPLICAS) {
          PartitionReplica replica = cluster.replica(node, retained.id());
          if (replica.highWatermark() != 30) {
            return false;
          }
          starts.add(replica.logStartOffset());
        }
        return starts.get(0) > 0 && starts.stream().distinct().count() == 1;
      });
      assertThat(cluster.replica(1, retained.id()).sizeInBytes()).as("retention.bytes 800, segment.bytes 400")
          .isLessThan(1600);
    }
  }

  private static PartitionReplica leader(RaftTestCluster cluster, PartitionSpec spec) {
    return cluster.replica(cluster.awaitLeader(spec.id()), spec.id());
  }

  private static int followerOf(RaftTestCluster cluster, PartitionSpec spec) {
    int leader = cluster.awaitLeader(spec.id());
    return spec.replicas().stream().filter(n -> n != leader).findFirst().orElseThrow();
  }

  private static AppendResult append(PartitionReplica replica, ByteBuffer batch) throws Exception {
    return replica.append(batch.duplicate(), APPEND_TIMEOUT).get(30, TimeUnit.SECONDS);
  }

  /** Appends {@code count} one-record batches with values {@code prefix-i}, all acknowledged, in order. */
  private static List<String> appendAll(PartitionReplica leader, String prefix, int count) throws Exception {
    return appendAll(leader, prefix, count, 0);
  }

  private static List<String> appendAll(PartitionReplica leader, String prefix, int count, int padding)
      throws Exception {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String value = prefix + "-" + i + "-" + "x".repeat(padding);
      AppendResult result = append(leader, batchOf(value));
      assertThat(result.error()).as(result.errorMessage()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
      values.add(value);
    }
    return values;
  }

  private static ByteBuffer batchOf(String... values) {
    RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE);
    for (String value : values) {
      builder.append(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8), List.of());
    }
    return builder.build();
  }

  private static ByteBuffer idempotentBatch(int epoch, int baseSequence, String... values) {
    RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE)
        .producer(4242L, (short) epoch, baseSequence);
    for (String value : values) {
      builder.append(1_000L, null, value.getBytes(StandardCharsets.UTF_8), List.of());
    }
    return builder.build();
  }

  private static void awaitHighWatermark(RaftTestCluster cluster, TopicPartitionId id, long offset) {
    for (int node : cluster.runningNodes()) {
      cluster.awaitHighWatermark(node, id, offset);
    }
  }

  /** Every committed record value of the replica, in offset order. */
  private static List<String> values(PartitionReplica replica) {
    List<String> values = new ArrayList<>();
    for (byte[] batch : committedBatches(replica)) {
      for (Record record : RecordBatch.wrap(ByteBuffer.wrap(batch)).records()) {
        values.add(new String(record.value(), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static Throwable causeOf(CompletableFuture<?> future) {
    try {
      Object value = future.get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
