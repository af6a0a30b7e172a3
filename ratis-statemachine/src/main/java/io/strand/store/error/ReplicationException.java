package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/**
 * The replication layer failed unexpectedly: the Raft server or group is closed, or the partition's state machine
 * stopped after a failed apply. Retriable elsewhere; the server log has the cause
 * ({@link ErrorCode#ERROR_CODE_UNKNOWN_SERVER_ERROR}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ReplicationException extends StoreException {
  private static final long serialVersionUID = 1L;

  public ReplicationException(String message, Throwable cause) {
    super(ErrorCode.ERROR_CODE_UNKNOWN_SERVER_ERROR, message, cause);
  }
}
