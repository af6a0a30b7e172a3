package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/**
 * A batch appended with its own offsets (replica catch-up) does not start at the log end offset. The caller must
 * re-read from {@link #expectedOffset()}.
 */
public final class UnexpectedAppendOffsetException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final long expectedOffset;
  private final long actualOffset;

  public UnexpectedAppendOffsetException(long expectedOffset, long actualOffset) {
    super(ErrorCode.ERROR_CODE_INVALID_REQUEST, "batch base offset " + actualOffset
        + " does not match the log end offset " + expectedOffset);
    this.expectedOffset = expectedOffset;
    this.actualOffset = actualOffset;
  }

  /** The log end offset when the batch was rejected. */
  public long expectedOffset() {
    return expectedOffset;
  }

  /** The rejected batch's base offset. */
  public long actualOffset() {
    return actualOffset;
  }
}
