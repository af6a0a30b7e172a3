package io.strand.store.partition;

import java.util.Arrays;

/**
 * A replica's latest snapshot as a lagging follower needs it: the Raft position it covers, the log offsets at that
 * position, and the opaque replica state (the serialized {@code ProducerStateSnapshot}: idempotent-producer table
 * and append clock) to install with it.
 *
 * <p>Immutable and thread-safe (the array is copied in and out).
 *
 * @param term term of the last Raft entry included
 * @param raftIndex index of the last Raft entry included
 * @param logStartOffset the log start offset at raftIndex
 * @param logEndOffset the log end offset at raftIndex; the leader serves batches up to it
 * @param producerState serialized replica state at raftIndex; opaque to everything but the partition package
 */
public record PartitionSnapshotInfo(long term, long raftIndex, long logStartOffset, long logEndOffset,
                                    byte[] producerState) {
  public PartitionSnapshotInfo {
    if (logStartOffset < 0 || logEndOffset < logStartOffset) {
      throw new IllegalArgumentException("invalid offsets: logStartOffset " + logStartOffset + ", logEndOffset "
          + logEndOffset);
    }
    producerState = producerState.clone();
  }

  @Override
  public byte[] producerState() {
    return producerState.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionSnapshotInfo other && term == other.term && raftIndex == other.raftIndex
        && logStartOffset == other.logStartOffset && logEndOffset == other.logEndOffset
        && Arrays.equals(producerState, other.producerState);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(raftIndex) * 31 + Arrays.hashCode(producerState);
  }

  @Override
  public String toString() {
    return "PartitionSnapshotInfo[term=" + term + ", raftIndex=" + raftIndex + ", logStartOffset=" + logStartOffset
        + ", logEndOffset=" + logEndOffset + ", producerState=" + producerState.length + " bytes]";
  }
}
