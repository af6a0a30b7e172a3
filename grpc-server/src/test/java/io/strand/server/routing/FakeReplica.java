package io.strand.server.routing;

import io.strand.store.log.LogConfig;
import io.strand.store.log.LogReadResult;
import io.strand.store.log.TimestampOffset;
import io.strand.store.partition.AppendResult;
import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.PartitionSnapshotInfo;
import io.strand.store.partition.TopicPartitionId;
import io.strand.store.raft.RaftGroups;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.apache.ratis.protocol.RaftGroupId;

/** A partition replica whose leadership is set by the test; data operations are not used by routing tests. */
final class FakeReplica implements PartitionReplica {

  private final TopicPartitionId id;
  volatile boolean leader;
  volatile boolean ready;
  volatile OptionalInt leaderNodeId = OptionalInt.empty();

  FakeReplica(TopicPartitionId id) {
    this.id = id;
  }

  FakeReplica leading(boolean isReady) {
    leader = true;
    ready = isReady;
    return this;
  }

  FakeReplica following(int leaderId) {
    leader = false;
    ready = false;
    leaderNodeId = leaderId < 0 ? OptionalInt.empty() : OptionalInt.of(leaderId);
    return this;
  }

  @Override
  public TopicPartitionId id() {
    return id;
  }

  @Override
  public RaftGroupId groupId() {
    return RaftGroups.forPartition("topic-id", id.partition());
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public boolean isLeaderReady() {
    return leader && ready;
  }

  @Override
  public OptionalInt leaderNodeId() {
    return leaderNodeId;
  }

  @Override
  public long leaderEpoch() {
    return 1;
  }

  @Override
  public CompletableFuture<AppendResult> append(ByteBuffer recordBatch, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public LogReadResult read(long offset, int maxBytes) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long highWatermark() {
    return 0;
  }

  @Override
  public long logStartOffset() {
    return 0;
  }

  @Override
  public long sizeInBytes() {
    return 0;
  }

  @Override
  public Optional<TimestampOffset> offsetForTimestamp(long timestampMs) {
    return Optional.empty();
  }

  @Override
  public CompletableFuture<Long> deleteRecordsBefore(long offset, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void updateConfig(LogConfig config) {
    throw new UnsupportedOperationException();
  }

  @Override
  public AutoCloseable onHighWatermark(LongConsumer listener) {
    return () -> { };
  }

  @Override
  public PartitionSnapshotInfo snapshotInfo() {
    throw new UnsupportedOperationException();
  }
}
