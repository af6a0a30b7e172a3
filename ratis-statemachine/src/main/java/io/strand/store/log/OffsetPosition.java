package io.strand.store.log;

/**
 * An offset index entry: the batch whose base offset is {@code offset} starts at byte {@code position} of its
 * segment file.
 *
 * @param offset absolute base offset of a batch
 * @param position byte position of that batch in the segment's log file
 */
public record OffsetPosition(long offset, int position) {}
