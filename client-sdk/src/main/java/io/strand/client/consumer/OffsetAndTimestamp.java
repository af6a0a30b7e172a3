package io.strand.client.consumer;

/**
 * The result of a timestamp lookup: the first offset whose record timestamp is at or after the requested
 * time, and that record's timestamp.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param offset the offset
 * @param timestampMs the record's timestamp, milliseconds since the epoch
 */
public record OffsetAndTimestamp(long offset, long timestampMs) {}
