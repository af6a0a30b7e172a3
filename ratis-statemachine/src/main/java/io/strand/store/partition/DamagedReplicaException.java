package io.strand.store.partition;

import java.io.IOException;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * A partition replica's files on disk contradict each other in a way a crash cannot cause (its snapshot covers
 * offsets whose fsynced batches are gone), so the replica cannot be loaded without losing committed records. Thrown
 * while a replica loads; the node holds such a replica out instead of failing as a whole.
 */
public final class DamagedReplicaException extends IOException {
  private final transient RaftGroupId groupId;

  public DamagedReplicaException(RaftGroupId groupId, String message, Throwable cause) {
    super(message, cause);
    this.groupId = groupId;
  }

  /** The Raft group of the damaged replica. */
  public RaftGroupId groupId() {
    return groupId;
  }
}
