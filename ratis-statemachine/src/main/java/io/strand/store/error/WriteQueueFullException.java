package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/**
 * A partition leader's bounded append queue is full: replication is slower than produce. Nothing was written.
 * Retriable after a short back-off ({@link ErrorCode#ERROR_CODE_THROTTLED}).
 *
 * <p>Immutable and thread-safe.
 */
public final class WriteQueueFullException extends StoreException {
  private static final long serialVersionUID = 1L;

  public WriteQueueFullException(String message) {
    super(ErrorCode.ERROR_CODE_THROTTLED, message);
  }
}
