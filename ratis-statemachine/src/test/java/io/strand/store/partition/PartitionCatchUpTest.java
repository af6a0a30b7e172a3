package io.strand.store.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.store.log.LogConfig;
import io.strand.store.log.LogReadResult;
import io.strand.store.log.SegmentedLog;
import io.strand.store.log.TestBatches;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionCatchUpTest {
  private static final TopicPartitionId TP = new TopicPartitionId("t", 0);
  private static final LogConfig CONFIG = LogConfig.builder().segmentBytes(700).build();

  @TempDir
  Path dir;

  private final List<SegmentedLog> logs = new ArrayList<>();
  private SegmentedLog leader;
  private SegmentedLog follower;

  @BeforeEach
  void open() {
    leader = open("leader");
    follower = open("follower");
  }

  @AfterEach
  void close() {
    logs.forEach(SegmentedLog::close);
  }

  private SegmentedLog open(String name) {
    SegmentedLog log = SegmentedLog.open(dir.resolve(name), CONFIG, Clock.systemUTC());
    logs.add(log);
    return log;
  }

  /** Serves reads from the leader log, as grpc-server's source serves them from the leader replica. */
  private PartitionCatchUpSource source() {
    return new PartitionCatchUpSource() {
      @Override
      public PartitionSnapshotInfo snapshotInfo(TopicPartitionId id, int leaderNodeId) {
        throw new UnsupportedOperationException("PartitionCatchUp is given the snapshot info");
      }

      @Override
      public ByteBuffer readBatches(TopicPartitionId id, int leaderNodeId, long fromOffset, int maxBytes) {
        return leader.read(fromOffset, maxBytes).records();
      }
    };
  }

  private void appendToBoth(int batches) {
    for (int i = 0; i < batches; i++) {
      ByteBuffer batch = TestBatches.batch(i, 2, 30);
      leader.append(batch.duplicate());
      follower.append(batch.duplicate());
    }
  }

  private void appendToLeader(int batches) {
    for (int i = 0; i < batches; i++) {
      leader.append(TestBatches.batch(100 + i, 2, 30));
    }
  }

  private static byte[] bytes(SegmentedLog log, long from, long to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long offset = from;
    while (offset < to) {
      LogReadResult read = log.read(offset, 1 << 20);
      out.writeBytes(TestBatches.bytes(read.records()));
      offset = read.nextOffset();
    }
    return out.toByteArray();
  }

  private static PartitionSnapshotInfo snapshotAt(long logStart, long logEnd) {
    return new PartitionSnapshotInfo(3, 99, logStart, logEnd, new byte[0]);
  }

  private void catchUp(PartitionSnapshotInfo target) throws IOException {
    new PartitionCatchUp(source(), TP, 256).copyMissingBatches(follower, 1, target);
  }

  @Test
  void copiesTheMissingBatchesExactlyUpToTheSnapshotEnd() throws IOException {
    appendToBoth(3);
    appendToLeader(20);
    long snapshotEnd = 30;
    appendToLeader(5);

    catchUp(snapshotAt(0, snapshotEnd));

    assertThat(follower.logEndOffset()).isEqualTo(snapshotEnd);
    assertThat(bytes(follower, 0, snapshotEnd)).isEqualTo(bytes(leader, 0, snapshotEnd));
  }

  @Test
  void followerBelowTheLeaderLogStartRestartsAtTheLeadersFirstRetainedBatch() throws IOException {
    appendToBoth(2);
    appendToLeader(20);
    leader.deleteRecordsBefore(21);

    catchUp(snapshotAt(21, 44));

    assertThat(follower.logStartOffset()).isEqualTo(21);
    assertThat(follower.logEndOffset()).isEqualTo(44);
    assertThat(bytes(follower, 21, 44)).isEqualTo(bytes(leader, 21, 44));
  }

  @Test
  void retentionOnTheLeaderAfterItsSnapshotIsFollowed() throws IOException {
    appendToBoth(2);
    appendToLeader(20);
    leader.deleteRecordsBefore(30);

    catchUp(snapshotAt(0, 44));

    assertThat(follower.logStartOffset()).isEqualTo(30);
    assertThat(bytes(follower, 30, 44)).isEqualTo(bytes(leader, 30, 44));
  }

  @Test
  void aSnapshotEndInsideABatchIsRejected() {
    appendToLeader(5);
    assertThatThrownBy(() -> catchUp(snapshotAt(0, 3))).isInstanceOf(IOException.class)
        .hasMessageContaining("does not continue the local log");
  }
}
