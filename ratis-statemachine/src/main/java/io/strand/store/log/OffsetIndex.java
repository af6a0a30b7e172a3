package io.strand.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sparse map from offsets to file positions for one segment ({@code <base offset>.index}). Each 8-byte entry is
 * {@code int32 relativeOffset} (batch base offset minus segment base offset) followed by {@code int32 position}
 * (byte position of that batch in the {@code .log} file), big-endian. Entries are strictly increasing in both
 * fields. The segment appends one entry each time more than {@code index.interval.bytes} were appended since the
 * previous one, so a lookup lands at most about one interval before the batch wanted.
 *
 * <p>Thread-safety: see {@link IndexFile}.
 */
public final class OffsetIndex extends IndexFile<OffsetPosition> {
  public static final int ENTRY_SIZE = 8;

  private OffsetPosition last;

  public OffsetIndex(Path path, long baseOffset, int maxIndexSizeBytes) throws IOException {
    super(path, baseOffset, ENTRY_SIZE, maxIndexSizeBytes);
    last = entries() == 0 ? null : entry(entries() - 1);
  }

  /**
   * Records that the batch with base offset {@code offset} starts at {@code position}. Both must be larger than
   * those of the last entry.
   */
  public void append(long offset, int position) throws IOException {
    if (last != null && (offset <= last.offset() || position <= last.position())) {
      throw new IllegalArgumentException(path() + ": entry (" + offset + ", " + position
          + ") does not follow the last entry " + last);
    }
    ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE);
    entry.putInt(relative(offset)).putInt(position).flip();
    appendEntry(entry);
    last = new OffsetPosition(offset, position);
  }

  /**
   * The last entry whose offset is at most {@code targetOffset}, or {@code (baseOffset, 0)} when there is none: a
   * scan for {@code targetOffset} can start at the returned position.
   */
  public OffsetPosition lookup(long targetOffset) throws IOException {
    int count = entries();
    int i = lastEntryBelow(this::offsetAt, targetOffset, true, count);
    return i < 0 ? new OffsetPosition(baseOffset(), 0) : entry(i);
  }

  /** The last entry, or empty when the index has none. Writer-side view. */
  public Optional<OffsetPosition> lastEntry() {
    return Optional.ofNullable(last);
  }

  /** Drops every entry whose offset is at least {@code offset}. */
  public void truncateTo(long offset) throws IOException {
    int keep = lastEntryBelow(this::offsetAt, offset, false, entries()) + 1;
    truncateToEntries(keep);
  }

  @Override
  protected void onTruncated() throws IOException {
    last = entries() == 0 ? null : entry(entries() - 1);
  }

  @Override
  protected OffsetPosition decode(ByteBuffer buf, int at) {
    return new OffsetPosition(baseOffset() + buf.getInt(at), buf.getInt(at + 4));
  }

  /** Offsets and positions strictly increasing, within the segment's offsets and log file. */
  @Override
  protected boolean isValidSuccessor(OffsetPosition previous, OffsetPosition e, int logSizeBytes,
                                     long segmentNextOffset) {
    boolean ordered = previous == null
        ? e.offset() >= baseOffset() && e.position() >= 0
        : e.offset() > previous.offset() && e.position() > previous.position();
    return ordered && e.offset() < segmentNextOffset && e.position() < logSizeBytes;
  }

  private long offsetAt(int i) throws IOException {
    return baseOffset() + readEntry(i).getInt(0);
  }

  private OffsetPosition entry(int i) throws IOException {
    return decode(readEntry(i), 0);
  }

  private int relative(long offset) {
    long relative = offset - baseOffset();
    if (relative < 0 || relative > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(path() + ": offset " + offset + " is not within Integer.MAX_VALUE of the "
          + "segment base offset " + baseOffset());
    }
    return (int) relative;
  }
}
