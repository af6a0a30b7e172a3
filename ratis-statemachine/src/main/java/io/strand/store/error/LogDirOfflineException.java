package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/**
 * An I/O operation on a log directory failed for a reason other than a full disk. Retriable elsewhere: another
 * replica can serve the partition. The message names the operation and the path.
 */
public final class LogDirOfflineException extends StoreException {
  private static final long serialVersionUID = 1L;

  public LogDirOfflineException(String message, Throwable cause) {
    super(ErrorCode.ERROR_CODE_STORAGE_ERROR, message, cause);
  }
}
