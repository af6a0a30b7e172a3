package io.strand.client.admin;

/**
 * Which offset to look up in a partition.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param kind earliest, latest or by timestamp
 * @param timestampMs for {@link Kind#TIMESTAMP}: milliseconds since the epoch; ignored otherwise
 */
public record OffsetSpec(Kind kind, long timestampMs) {

  /** What an {@link OffsetSpec} asks for. */
  public enum Kind {
    /** The log start offset. */
    EARLIEST,
    /** The high watermark: the offset the next committed record will get. */
    LATEST,
    /** The first offset whose record timestamp is at or after {@code timestampMs}. */
    TIMESTAMP
  }

  /** @return the log start offset */
  public static OffsetSpec earliest() {
    return new OffsetSpec(Kind.EARLIEST, -1);
  }

  /** @return the high watermark */
  public static OffsetSpec latest() {
    return new OffsetSpec(Kind.LATEST, -1);
  }

  /** @return the first offset with a timestamp at or after {@code timestampMs} */
  public static OffsetSpec forTimestamp(long timestampMs) {
    return new OffsetSpec(Kind.TIMESTAMP, timestampMs);
  }
}
