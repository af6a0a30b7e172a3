package io.strand.client.admin;

/**
 * Where {@link AdminClient#resetOffsets} moves a group's committed offsets.
 *
 * @param kind which target
 * @param value the timestamp (ms since the epoch) for {@link Kind#TIMESTAMP}, the offset for {@link Kind#OFFSET},
 *     else 0
 */
public record OffsetResetTarget(Kind kind, long value) {

  /** Target kinds. */
  public enum Kind {
    /** The log start offset. */
    EARLIEST,
    /** The log end offset. */
    LATEST,
    /** The first offset with a timestamp at or after the value (the log end if none). */
    TIMESTAMP,
    /** An exact offset, clamped to the partition's range. */
    OFFSET
  }

  public static OffsetResetTarget earliest() {
    return new OffsetResetTarget(Kind.EARLIEST, 0);
  }

  public static OffsetResetTarget latest() {
    return new OffsetResetTarget(Kind.LATEST, 0);
  }

  public static OffsetResetTarget timestamp(long timestampMs) {
    return new OffsetResetTarget(Kind.TIMESTAMP, timestampMs);
  }

  public static OffsetResetTarget offset(long offset) {
    return new OffsetResetTarget(Kind.OFFSET, offset);
  }
}
