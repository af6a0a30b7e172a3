package io.strand.store.error;

import io.strand.api.v1.ErrorCode;
import java.util.OptionalInt;

/**
 * The local replica is not the leader of the partition. Retriable: the caller should go to {@link #leaderNodeId()}
 * when it is known, otherwise refresh metadata.
 */
public final class NotLeaderException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final OptionalInt leaderNodeId;

  public NotLeaderException(OptionalInt leaderNodeId) {
    this(leaderNodeId, leaderNodeId.isPresent()
        ? "not the leader; the leader is node " + leaderNodeId.getAsInt()
        : "not the leader; the leader is unknown");
  }

  public NotLeaderException(OptionalInt leaderNodeId, String message) {
    super(ErrorCode.ERROR_CODE_NOT_LEADER, message);
    this.leaderNodeId = leaderNodeId;
  }

  /** The node believed to lead the partition, if known. */
  public OptionalInt leaderNodeId() {
    return leaderNodeId;
  }
}
