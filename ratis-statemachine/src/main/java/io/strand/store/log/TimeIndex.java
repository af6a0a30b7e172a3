package io.strand.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sparse map from timestamps to offsets for one segment ({@code <base offset>.timeindex}). Each 12-byte entry is
 * {@code int64 timestampMs} followed by {@code int32 relativeOffset}, big-endian, and means: every record of the
 * segment with an offset below {@code base + relativeOffset} has a timestamp of at most {@code timestampMs}.
 * Timestamps are strictly increasing and offsets non-decreasing across entries.
 *
 * <p>The segment adds an entry next to each offset index entry when the largest timestamp seen has grown, and a
 * final entry covering the whole segment when it rolls or flushes, so the last entry's timestamp is the segment's
 * largest timestamp (what time retention compares against).
 *
 * <p>Thread-safety: see {@link IndexFile}.
 */
public final class TimeIndex extends IndexFile<TimestampOffset> {
  public static final int ENTRY_SIZE = 12;

  private TimestampOffset last;

  public TimeIndex(Path path, long baseOffset, int maxIndexSizeBytes) throws IOException {
    super(path, baseOffset, ENTRY_SIZE, maxIndexSizeBytes);
    last = entries() == 0 ? null : entry(entries() - 1);
  }

  /**
   * Appends {@code (timestampMs, offset)} if {@code timestampMs} is larger than the last entry's timestamp; does
   * nothing otherwise, because the last entry then already bounds the records below {@code offset}.
   *
   * @return whether an entry was written
   */
  public boolean maybeAppend(long timestampMs, long offset) throws IOException {
    if (timestampMs < 0 || (last != null && timestampMs <= last.timestampMs())) {
      return false;
    }
    if (last != null && offset < last.offset()) {
      throw new IllegalArgumentException(path() + ": entry (" + timestampMs + ", " + offset
          + ") has an offset below the last entry " + last);
    }
    long relative = offset - baseOffset();
    if (relative < 0 || relative > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(path() + ": offset " + offset + " is outside the segment based at "
          + baseOffset());
    }
    ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE);
    entry.putLong(timestampMs).putInt((int) relative).flip();
    appendEntry(entry);
    last = new TimestampOffset(timestampMs, offset);
    return true;
  }

  /**
   * The offset from which a scan for the first record with a timestamp of at least {@code targetTimestampMs} can
   * start: the offset of the last entry with a smaller timestamp, or the segment base offset.
   */
  public long lookup(long targetTimestampMs) throws IOException {
    int i = lastEntryBelow(this::timestampAt, targetTimestampMs, false, entries());
    return i < 0 ? baseOffset() : entry(i).offset();
  }

  /** The last entry, or empty when the index has none. Writer-side view. */
  public Optional<TimestampOffset> lastEntry() {
    return Optional.ofNullable(last);
  }

  /** Drops every entry whose offset is above {@code offset}; those no longer bound existing records only. */
  public void truncateTo(long offset) throws IOException {
    int keep = lastEntryBelow(this::offsetAt, offset, true, entries()) + 1;
    truncateToEntries(keep);
  }

  @Override
  protected void onTruncated() throws IOException {
    last = entries() == 0 ? null : entry(entries() - 1);
  }

  @Override
  protected TimestampOffset decode(ByteBuffer buf, int at) {
    return new TimestampOffset(buf.getLong(at), baseOffset() + buf.getInt(at + 8));
  }

  /** Timestamps strictly increasing, offsets non-decreasing and within the segment. */
  @Override
  protected boolean isValidSuccessor(TimestampOffset previous, TimestampOffset e, int logSizeBytes,
                                     long segmentNextOffset) {
    boolean ordered = previous == null
        ? e.timestampMs() >= 0 && e.offset() >= baseOffset()
        : e.timestampMs() > previous.timestampMs() && e.offset() >= previous.offset();
    return ordered && e.offset() <= segmentNextOffset;
  }

  private long timestampAt(int i) throws IOException {
    return readEntry(i).getLong(0);
  }

  private long offsetAt(int i) throws IOException {
    return baseOffset() + readEntry(i).getInt(8);
  }

  private TimestampOffset entry(int i) throws IOException {
    return decode(readEntry(i), 0);
  }
}
