package io.strand.store.offsets;

import io.strand.api.v1.ErrorCode;

/**
 * A group call reached a node that cannot coordinate the group right now: {@code NOT_COORDINATOR} when this node
 * does not lead the group's offsets partition (find the coordinator again), {@code COORDINATOR_NOT_AVAILABLE} when
 * it leads but is still loading or just lost a proposal (retry shortly). Either way, the caller may retry; nothing
 * the request asked for was acknowledged.
 */
public final class CoordinatorUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode error;

  public CoordinatorUnavailableException(ErrorCode error, String message) {
    super(message);
    this.error = error;
  }

  public CoordinatorUnavailableException(ErrorCode error, String message, Throwable cause) {
    super(message, cause);
    this.error = error;
  }

  /** NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE. */
  public ErrorCode error() {
    return error;
  }
}
