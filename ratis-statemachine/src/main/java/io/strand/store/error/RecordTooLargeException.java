package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/** A record batch is larger than the partition's {@code max.message.bytes}. Not retriable: split the batch. */
public final class RecordTooLargeException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final int sizeInBytes;
  private final int maxMessageBytes;

  public RecordTooLargeException(int sizeInBytes, int maxMessageBytes) {
    super(ErrorCode.ERROR_CODE_RECORD_TOO_LARGE, "record batch of " + sizeInBytes
        + " bytes exceeds max.message.bytes=" + maxMessageBytes);
    this.sizeInBytes = sizeInBytes;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Size of the rejected batch, log overhead included. */
  public int sizeInBytes() {
    return sizeInBytes;
  }

  /** The limit in force when the batch was rejected. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }
}
