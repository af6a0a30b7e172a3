package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/**
 * A record batch failed validation (bad CRC, length, magic or inconsistent header). Not retriable with the same
 * bytes. The message says what was wrong, with expected versus actual values.
 */
public final class CorruptBatchException extends StoreException {
  private static final long serialVersionUID = 1L;

  public CorruptBatchException(String message) {
    super(ErrorCode.ERROR_CODE_CORRUPT_BATCH, message);
  }

  public CorruptBatchException(String message, Throwable cause) {
    super(ErrorCode.ERROR_CODE_CORRUPT_BATCH, message, cause);
  }
}
