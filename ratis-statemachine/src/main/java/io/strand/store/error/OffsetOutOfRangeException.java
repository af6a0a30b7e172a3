package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/**
 * A requested offset lies outside {@code [logStartOffset, logEndOffset]}. Carries both bounds so that the caller
 * can seek into the valid range.
 */
public final class OffsetOutOfRangeException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final long logStartOffset;
  private final long logEndOffset;

  public OffsetOutOfRangeException(long logStartOffset, long logEndOffset) {
    this(logStartOffset, logEndOffset,
        "offset out of range; valid offsets are [" + logStartOffset + ", " + logEndOffset + "]");
  }

  public OffsetOutOfRangeException(long requestedOffset, long logStartOffset, long logEndOffset) {
    this(logStartOffset, logEndOffset, "offset " + requestedOffset + " is out of range; valid offsets are ["
        + logStartOffset + ", " + logEndOffset + "]");
  }

  private OffsetOutOfRangeException(long logStartOffset, long logEndOffset, String message) {
    super(ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE, message);
    this.logStartOffset = logStartOffset;
    this.logEndOffset = logEndOffset;
  }

  /** The first offset still stored when the request was rejected. */
  public long logStartOffset() {
    return logStartOffset;
  }

  /** The offset the next appended record would get when the request was rejected. */
  public long logEndOffset() {
    return logEndOffset;
  }
}
