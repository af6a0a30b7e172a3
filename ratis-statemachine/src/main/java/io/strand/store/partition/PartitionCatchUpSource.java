package io.strand.store.partition;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a follower that fell behind the leader's purged Raft log fetches from the leader to catch up (Ratis snapshot
 * notification mode). grpc-server implements it over Strand's own RPC; the leader side answers from
 * {@link PartitionReplica#snapshotInfo()} and {@link PartitionReplica#read(long, int)}.
 *
 * <p>Implementations must be thread-safe. Calls may block (network I/O); they run on a dedicated catch-up executor,
 * never on a Ratis thread.
 */
public interface PartitionCatchUpSource {
  /** The leader's latest snapshot of the partition. */
  PartitionSnapshotInfo snapshotInfo(TopicPartitionId id, int leaderNodeId) throws IOException;

  /**
   * Whole committed batches from the leader's log, starting with the batch that contains {@code fromOffset}, at
   * least one batch if any exists, up to about {@code maxBytes}. Empty at the leader's log end.
   *
   * @throws io.strand.store.error.OffsetOutOfRangeException if fromOffset is outside the leader's log
   */
  ByteBuffer readBatches(TopicPartitionId id, int leaderNodeId, long fromOffset, int maxBytes) throws IOException;
}
