package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/**
 * The partition has no usable leader right now: an election is in progress, or the local replica was just elected
 * and has not yet applied the first entry of its term. Retriable after a short back-off
 * ({@link ErrorCode#ERROR_CODE_LEADER_NOT_AVAILABLE}).
 *
 * <p>Immutable and thread-safe.
 */
public final class LeaderNotAvailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  public LeaderNotAvailableException(String message) {
    super(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, message);
  }
}
