package io.strand.client.error;

/**
 * A fetch or seek named an offset outside the partition's {@code [logStartOffset, highWatermark]} range.
 * The consumer handles this with {@code auto.offset.reset} unless that is {@code none}.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class OffsetOutOfRangeException extends StrandException {
  private static final long serialVersionUID = 1L;

  private final long logStartOffset;
  private final long highWatermark;

  /**
   * @param message what was out of range
   * @param logStartOffset the first offset still in the log, or -1 when unknown
   * @param highWatermark the offset after the last committed record, or -1 when unknown
   */
  public OffsetOutOfRangeException(String message, long logStartOffset, long highWatermark) {
    super(message);
    this.logStartOffset = logStartOffset;
    this.highWatermark = highWatermark;
  }

  /** @return the first offset still in the log, or -1 when the server did not say */
  public long logStartOffset() {
    return logStartOffset;
  }

  /** @return the offset after the last committed record, or -1 when the server did not say */
  public long highWatermark() {
    return highWatermark;
  }
}
