package io.strand.store.partition;

import io.strand.store.log.LogConfig;
import io.strand.store.log.LogReadResult;
import io.strand.store.log.TimestampOffset;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * One node's replica of a partition: the produce, fetch and admin surface grpc-server calls. Writes go through the
 * partition's Raft group and are acknowledged once committed by a majority (each member fsynced its Raft log) and
 * applied on the leader; reads see committed data only.
 *
 * <p>Implementations are thread-safe. Futures complete on a node-wide callback executor, never on the caller's or a
 * Ratis thread; dependent stages must not block.
 */
public interface PartitionReplica {
  TopicPartitionId id();

  RaftGroupId groupId();

  /** True if this replica is the group's leader (it may not have applied its first entry of the term yet). */
  boolean isLeader();

  /** True if this replica is leader and has applied every entry of earlier terms: safe to serve as leader. */
  boolean isLeaderReady();

  /** The leader's node id, if known to this replica. */
  OptionalInt leaderNodeId();

  /** The current Raft term as this replica knows it; the Kafka-style leader epoch. */
  long leaderEpoch();

  /**
   * Appends one RecordBatch v2 (base offset ignored; the log assigns offsets). Local leader only. The buffer must
   * not be modified until the future completes. Concurrent appends are coalesced into shared Raft entries.
   *
   * @return the result; a business rejection (corrupt, too large, duplicate, sequence or epoch error) is a result
   *     with an error code. Fails with {@link io.strand.store.error.NotLeaderException} (with a leader hint) if this
   *     replica is not the leader, {@link io.strand.store.error.LeaderNotAvailableException} while the leader is not
   *     ready, {@link io.strand.store.error.WriteQueueFullException} when the append queue is full, and
   *     {@link io.strand.store.error.ReplicationTimeoutException} after {@code timeout} (outcome unknown)
   */
  CompletableFuture<AppendResult> append(ByteBuffer recordBatch, Duration timeout);

  /**
   * Committed data only: whole batches from the one containing {@code offset}, up to about {@code maxBytes}.
   *
   * @throws io.strand.store.error.OffsetOutOfRangeException outside [logStartOffset, highWatermark]
   */
  LogReadResult read(long offset, int maxBytes);

  /** The offset after the last committed record (= the local log end offset). */
  long highWatermark();

  long logStartOffset();

  long sizeInBytes();

  Optional<TimestampOffset> offsetForTimestamp(long timestampMs);

  /**
   * Deletes records below {@code offset} through the Raft log (every replica applies it). Local leader only.
   *
   * @param offset the new log start offset, at most the high watermark; -1 means the high watermark
   * @return the new log start offset; fails with
   *     {@link io.strand.store.error.OffsetOutOfRangeException} if offset is above the high watermark
   */
  CompletableFuture<Long> deleteRecordsBefore(long offset, Duration timeout);

  /**
   * Applies new log settings on this replica (each node receives them from metadata) and persists them with the
   * partition. The batch size limit is enforced by the leader before proposing, so replicas with briefly different
   * settings never diverge.
   */
  void updateConfig(LogConfig config);

  /**
   * Registers a listener called (from the apply thread) with the new high watermark after it advances or is reset.
   * Listeners must not block. Closing the returned handle unregisters it.
   */
  AutoCloseable onHighWatermark(LongConsumer listener);

  /**
   * The latest snapshot, for serving a lagging follower's catch-up (together with {@link #read(long, int)}).
   *
   * @throws IllegalStateException if this replica has not taken a snapshot yet (a leader that purged its Raft log,
   *     the only case in which followers ask, always has one)
   */
  PartitionSnapshotInfo snapshotInfo();
}
