package io.strand.chaos.history;

import java.util.Objects;

/**
 * One record a consumer or the final reader saw.
 *
 * @param partition partition number (&gt;= 0)
 * @param offset the record's offset in that partition (&gt;= 0)
 * @param value the record value as written by a producer
 */
public record ReadRecord(int partition, long offset, String value) {
  /** Validates the fields. */
  public ReadRecord {
    Objects.requireNonNull(value, "value");
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("partition and offset must be >= 0, got " + partition + "@" + offset);
    }
  }

  @Override
  public String toString() {
    return value + " at p" + partition + "@" + offset;
  }
}
