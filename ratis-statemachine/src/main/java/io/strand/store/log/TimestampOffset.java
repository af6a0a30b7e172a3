package io.strand.store.log;

/**
 * A timestamp paired with an offset. As a lookup result: the record at {@code offset} is the first one whose
 * timestamp is at least the requested time, and {@code timestampMs} is that record's timestamp. As a time index
 * entry: every record of the segment below {@code offset} has a timestamp of at most {@code timestampMs}.
 *
 * @param timestampMs milliseconds since the epoch
 * @param offset absolute offset
 */
public record TimestampOffset(long timestampMs, long offset) {}
