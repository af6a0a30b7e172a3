package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/**
 * Bytes the log had already accepted fail to parse when read back: disk corruption or a bug, never a client
 * error. Reported as a storage error; restarting the log re-validates and truncates what is unreadable past the
 * recovery point.
 */
public final class CorruptSegmentException extends StoreException {
  private static final long serialVersionUID = 1L;

  public CorruptSegmentException(String message) {
    super(ErrorCode.ERROR_CODE_STORAGE_ERROR, message);
  }

  public CorruptSegmentException(String message, Throwable cause) {
    super(ErrorCode.ERROR_CODE_STORAGE_ERROR, message, cause);
  }
}
