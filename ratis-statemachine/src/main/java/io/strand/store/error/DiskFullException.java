package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/**
 * A write failed because the file system holding the log directory is full (ENOSPC). Retriable once space is freed
 * or leadership moves.
 */
public final class DiskFullException extends StoreException {
  private static final long serialVersionUID = 1L;

  public DiskFullException(String message, Throwable cause) {
    super(ErrorCode.ERROR_CODE_DISK_FULL, message, cause);
  }
}
