package io.strand.store.log;

import io.strand.record.CorruptRecordException;
import io.strand.record.Record;
import io.strand.record.RecordBatch;
import io.strand.store.error.CorruptSegmentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One segment of a partition log: the {@code <base offset>.log} file holding RecordBatch v2 batches back to back,
 * with contiguous offsets starting at the base offset, plus its {@link OffsetIndex} and {@link TimeIndex}. There
 * is no file header and no padding: byte 0 is the first batch, and the file length is the end of the last batch.
 *
 * <p>Internal to the log engine; {@link SegmentedLog} is the API.
 *
 * <p>Thread-safety: one writer and any number of concurrent readers. The writer appends past the published size
 * and publishes the new size (a volatile) only once the batch and its index entries are written, so readers, who
 * never read past the published size, never see a partial batch. Truncation and deletion must be excluded from
 * readers by the caller.
 */
public final class LogSegment implements AutoCloseable {
  private final long baseOffset;
  private final Path logPath;
  private final SharedFileChannel channel;
  private final OffsetIndex offsetIndex;
  private final TimeIndex timeIndex;
  private volatile int size;
  private volatile long nextOffset;
  private volatile long maxTimestamp = -1L;
  private int bytesSinceLastIndexEntry;
  private long rollStartMs = -1L;
  private boolean dirty;

  private LogSegment(Path dir, long baseOffset, int maxIndexSizeBytes) throws IOException {
    this.baseOffset = baseOffset;
    this.logPath = SegmentFiles.logFile(dir, baseOffset);
    this.channel = new SharedFileChannel(logPath);
    OffsetIndex offsets = null;
    try {
      offsets = new OffsetIndex(SegmentFiles.offsetIndexFile(dir, baseOffset), baseOffset, maxIndexSizeBytes);
      this.timeIndex = new TimeIndex(SegmentFiles.timeIndexFile(dir, baseOffset), baseOffset, maxIndexSizeBytes);
    } catch (IOException | RuntimeException e) {
      closeQuietly(e, channel, offsets);
      throw e;
    }
    this.offsetIndex = offsets;
    this.nextOffset = baseOffset;
  }

  /** Creates an empty segment, replacing any files left over under its name. */
  public static LogSegment create(Path dir, long baseOffset, int maxIndexSizeBytes) throws IOException {
    Files.deleteIfExists(SegmentFiles.logFile(dir, baseOffset));
    Files.deleteIfExists(SegmentFiles.offsetIndexFile(dir, baseOffset));
    Files.deleteIfExists(SegmentFiles.timeIndexFile(dir, baseOffset));
    return new LogSegment(dir, baseOffset, maxIndexSizeBytes);
  }

  /**
   * Opens the files of an existing segment (creating missing index files empty) without reading them; call {@link
   * #loadFromIndexes(long)} or {@link #recover(int, long)} before using it.
   */
  public static LogSegment open(Path dir, long baseOffset, int maxIndexSizeBytes) throws IOException {
    return new LogSegment(dir, baseOffset, maxIndexSizeBytes);
  }

  public long baseOffset() {
    return baseOffset;
  }

  /** Offset the next batch appended to this segment gets. */
  public long nextOffset() {
    return nextOffset;
  }

  /** Published size of the log file in bytes. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Largest record timestamp in the segment, -1 when it holds no timestamped batch. */
  public long maxTimestamp() {
    return maxTimestamp;
  }

  /** Clock time the segment's age is measured from, or -1 while it is empty. */
  public long rollStartMs() {
    return rollStartMs;
  }

  public Path logPath() {
    return logPath;
  }

  public OffsetIndex offsetIndex() {
    return offsetIndex;
  }

  public TimeIndex timeIndex() {
    return timeIndex;
  }

  /** Total on-disk size of the log file and both indexes. */
  public long sizeOnDisk() {
    return size + offsetIndex.sizeInBytes() + timeIndex.sizeInBytes();
  }

  /** Whether data or index entries were written since the last {@link #flush()}. */
  public boolean isDirty() {
    return dirty;
  }

  /**
   * Appends one validated batch whose base offset is already {@link #nextOffset()}. On an I/O failure the file and
   * indexes are cut back to their state before the call and the failure is rethrown; if even that fails, the
   * rollback failure is attached as suppressed and the segment must be considered unusable.
   *
   * @param batch exactly one batch, position to limit
   * @param header the batch's parsed header
   * @param indexIntervalBytes bytes between offset index entries
   * @param nowMs clock time, starts the segment's age on its first batch
   */
  public void append(ByteBuffer batch, BatchHeader header, int indexIntervalBytes, long nowMs) throws IOException {
    if (header.baseOffset() != nextOffset) {
      throw new IllegalArgumentException(logPath + ": appending base offset " + header.baseOffset()
          + ", expected " + nextOffset);
    }
    int position = size;
    int offsetEntries = offsetIndex.entries();
    int timeEntries = timeIndex.entries();
    try {
      long at = position;
      ByteBuffer src = batch.duplicate();
      while (src.hasRemaining()) {
        at += channel.write(src, at);
      }
      dirty = true;
      maybeIndex(header, position, indexIntervalBytes);
    } catch (IOException e) {
      rollBack(e, position, offsetEntries, timeEntries);
      throw e;
    }
    bytesSinceLastIndexEntry += header.sizeInBytes();
    maxTimestamp = Math.max(maxTimestamp, header.maxTimestamp());
    nextOffset = header.nextOffset();
    if (rollStartMs < 0) {
      rollStartMs = nowMs;
    }
    size = position + header.sizeInBytes();
  }

  /**
   * Adds index entries for a batch about to become visible at {@code position}: one offset index entry once more
   * than {@code indexIntervalBytes} were appended since the previous one, and a time index entry bounding every
   * record before it. Shared by append and recovery so that both build identical indexes.
   */
  void maybeIndex(BatchHeader header, int position, int indexIntervalBytes) throws IOException {
    if (bytesSinceLastIndexEntry > indexIntervalBytes) {
      offsetIndex.append(header.baseOffset(), position);
      timeIndex.maybeAppend(maxTimestamp, header.baseOffset());
      bytesSinceLastIndexEntry = 0;
    }
  }

  /**
   * Reads whole batches starting with the one that contains {@code startOffset}, up to {@code maxBytes} in total
   * but always at least one batch. Returns empty when the segment holds no batch ending at or after
   * {@code startOffset}.
   */
  public Optional<LogReadResult> read(long startOffset, int maxBytes) throws IOException {
    OffsetPosition from = offsetIndex.lookup(startOffset);
    PositionalReader reader = new PositionalReader(channel, size, PositionalReader.DEFAULT_WINDOW_BYTES);
    BatchHeader first = seek(reader, from.position(), startOffset);
    if (first == null) {
      return Optional.empty();
    }
    int available = reader.limit() - first.position();
    int length = Math.max(first.sizeInBytes(), Math.min(maxBytes, available));
    ByteBuffer data = PositionalReader.readExactly(channel, first.position(), length);
    int end = first.sizeInBytes();
    long next = first.nextOffset();
    while (end + RecordBatch.HEADER_SIZE <= length) {
      BatchHeader h = BatchHeader.parse(data, end, first.position() + end);
      requirePlausible(h, reader.limit());
      if (end + h.sizeInBytes() > length) {
        break;
      }
      end += h.sizeInBytes();
      next = h.nextOffset();
    }
    return Optional.of(new LogReadResult(data.limit(end), first.baseOffset(), next));
  }

  /**
   * The first record at or after {@code minOffset} whose timestamp is at least {@code targetTimestampMs}, if this
   * segment holds one.
   */
  public Optional<TimestampOffset> findOffsetByTimestamp(long targetTimestampMs, long minOffset)
      throws IOException {
    if (maxTimestamp < targetTimestampMs) {
      return Optional.empty();
    }
    long from = Math.max(minOffset, timeIndex.lookup(targetTimestampMs));
    PositionalReader reader = new PositionalReader(channel, size, PositionalReader.DEFAULT_WINDOW_BYTES);
    BatchHeader h = seek(reader, offsetIndex.lookup(from).position(), from);
    while (h != null) {
      if (h.maxTimestamp() >= targetTimestampMs) {
        ByteBuffer bytes = PositionalReader.readExactly(channel, h.position(), h.sizeInBytes());
        try {
          for (Record record : RecordBatch.wrap(bytes).records()) {
            if (record.offset() >= from && record.timestampMs() >= targetTimestampMs) {
              return Optional.of(new TimestampOffset(record.timestampMs(), record.offset()));
            }
          }
        } catch (CorruptRecordException e) {
          throw new CorruptSegmentException(logPath + ": batch at position " + h.position() + " cannot be "
              + "decoded: " + e.getMessage(), e);
        }
      }
      h = next(reader, h);
    }
    return Optional.empty();
  }

  /**
   * Removes every batch that contains an offset at or after {@code offset}, so the segment ends at a batch boundary
   * at or below it, and forces the shorter file to disk.
   *
   * @return the number of bytes removed
   */
  public int truncateTo(long offset) throws IOException {
    if (offset >= nextOffset) {
      return 0;
    }
    PositionalReader reader = new PositionalReader(channel, size, PositionalReader.DEFAULT_WINDOW_BYTES);
    BatchHeader cut = seek(reader, offsetIndex.lookup(offset).position(), offset);
    int newSize = cut == null ? size : cut.position();
    long newNextOffset = cut == null ? nextOffset : cut.baseOffset();
    int removed = size - newSize;
    size = newSize;
    nextOffset = newNextOffset;
    channel.truncate(newSize);
    channel.force(true);
    offsetIndex.truncateTo(newNextOffset);
    timeIndex.truncateTo(newNextOffset);
    recomputeTail();
    if (newSize == 0) {
      rollStartMs = -1L;
    }
    dirty = true;
    return removed;
  }

  /**
   * Derives the segment's end, largest timestamp and index bookkeeping from its indexes' last entries and the batch
   * headers after the last offset index entry, without checksumming. For segments the recovery point says were
   * flushed; {@link #checkIndexes()} validates the rest of the indexes.
   *
   * @return a description of why the segment cannot be loaded this way, or empty when it was loaded
   */
  public Optional<String> loadFromIndexes(long nowMs) throws IOException {
    long fileSize = channel.size();
    if (fileSize > Integer.MAX_VALUE) {
      return Optional.of(logPath + ": " + fileSize + " bytes is larger than a segment can be");
    }
    size = (int) fileSize;
    OffsetPosition start = offsetIndex.lastEntry().orElse(new OffsetPosition(baseOffset, 0));
    if (start.position() > size) {
      return Optional.of(offsetIndex.path() + ": last entry " + start + " points past the log end " + size);
    }
    PositionalReader reader = new PositionalReader(channel, size, PositionalReader.DEFAULT_WINDOW_BYTES);
    long expected = start.offset();
    long max = timeIndex.lastEntry().map(TimestampOffset::timestampMs).orElse(-1L);
    int pos = start.position();
    while (pos < size) {
      BatchHeader h = reader.headerAt(pos);
      if (h == null || !h.isPlausible() || h.endPosition() > size || h.baseOffset() != expected) {
        return Optional.of(logPath + ": batch chain breaks at position " + pos + " (header " + h
            + ", expected base offset " + expected + ", file size " + size + ")");
      }
      max = Math.max(max, h.maxTimestamp());
      expected = h.nextOffset();
      pos = h.endPosition();
    }
    nextOffset = expected;
    maxTimestamp = max;
    bytesSinceLastIndexEntry = size - start.position();
    initRollStart(reader, nowMs);
    return Optional.empty();
  }

  /**
   * Checks every entry of both indexes against the loaded segment (see {@link OffsetIndex#isValidSuccessor} and
   * {@link TimeIndex#isValidSuccessor}).
   *
   * @return a description of the first inconsistency, or empty
   */
  public Optional<String> checkIndexes() throws IOException {
    Optional<String> problem = offsetIndex.checkConsistency(size, nextOffset);
    return problem.isPresent() ? problem : timeIndex.checkConsistency(size, nextOffset);
  }

  /**
   * Rebuilds the segment from its log file alone: re-validates every batch (CRC-32C, magic, length, contiguous
   * offsets), rebuilds both indexes, and cuts the file at the first batch that fails, so that everything before it
   * is kept and nothing after it is.
   */
  public SegmentRecoveryResult recover(int indexIntervalBytes, long nowMs) throws IOException {
    return SegmentRecovery.recover(this, indexIntervalBytes, nowMs);
  }

  /**
   * Adds a time index entry covering every batch, so that the last entry's timestamp is the segment's largest
   * timestamp. Called when the segment stops being active and before a flush.
   */
  public void sealTimeIndex() throws IOException {
    if (!isEmpty() && timeIndex.maybeAppend(maxTimestamp, nextOffset)) {
      dirty = true;
    }
  }

  /** Forces the log file and both indexes to disk. */
  public void flush() throws IOException {
    if (dirty) {
      channel.force(false);
      offsetIndex.flush();
      timeIndex.flush();
      dirty = false;
    }
  }

  @Override
  public void close() throws IOException {
    closeQuietly(null, channel, offsetIndex, timeIndex);
  }

  /** Closes and removes all three files. */
  public void delete() throws IOException {
    close();
    Files.deleteIfExists(logPath);
    Files.deleteIfExists(offsetIndex.path());
    Files.deleteIfExists(timeIndex.path());
  }

  @Override
  public String toString() {
    return "LogSegment[base=" + baseOffset + ", next=" + nextOffset + ", size=" + size + "]";
  }

  // Hooks for SegmentRecovery, which rebuilds the state batch by batch.

  SharedFileChannel channel() {
    return channel;
  }

  void resetForRecovery() throws IOException {
    offsetIndex.clear();
    timeIndex.clear();
    size = 0;
    nextOffset = baseOffset;
    maxTimestamp = -1L;
    bytesSinceLastIndexEntry = 0;
    dirty = true;
  }

  void acceptRecovered(BatchHeader header, int indexIntervalBytes) throws IOException {
    maybeIndex(header, header.position(), indexIntervalBytes);
    bytesSinceLastIndexEntry += header.sizeInBytes();
    maxTimestamp = Math.max(maxTimestamp, header.maxTimestamp());
    nextOffset = header.nextOffset();
    size = header.endPosition();
  }

  void finishRecovery(long nowMs) throws IOException {
    channel.truncate(size);
    initRollStart(new PositionalReader(channel, size, RecordBatch.HEADER_SIZE), nowMs);
  }

  /** Walks from {@code position} to the first batch whose last offset is at least {@code offset}. */
  private BatchHeader seek(PositionalReader reader, int position, long offset) throws IOException {
    BatchHeader h = reader.headerAt(position);
    while (h != null) {
      requirePlausible(h, reader.limit());
      if (h.lastOffset() >= offset) {
        return h;
      }
      h = reader.headerAt(h.endPosition());
    }
    return null;
  }

  private BatchHeader next(PositionalReader reader, BatchHeader current) throws IOException {
    BatchHeader h = reader.headerAt(current.endPosition());
    if (h != null) {
      requirePlausible(h, reader.limit());
    }
    return h;
  }

  private void requirePlausible(BatchHeader h, int limit) {
    if (!h.isPlausible() || h.endPosition() > limit || h.endPosition() < h.position()) {
      throw new CorruptSegmentException(logPath + ": invalid batch header at position " + h.position() + ": " + h
          + " (published size " + limit + ")");
    }
  }

  /** After truncation: the largest timestamp and index bookkeeping of what remains. */
  private void recomputeTail() throws IOException {
    long max = timeIndex.lastEntry().map(TimestampOffset::timestampMs).orElse(-1L);
    long from = timeIndex.lastEntry().map(TimestampOffset::offset).orElse(baseOffset);
    PositionalReader reader = new PositionalReader(channel, size, PositionalReader.DEFAULT_WINDOW_BYTES);
    BatchHeader h = reader.headerAt(offsetIndex.lookup(from).position());
    while (h != null) {
      requirePlausible(h, size);
      max = Math.max(max, h.maxTimestamp());
      h = reader.headerAt(h.endPosition());
    }
    maxTimestamp = max;
    bytesSinceLastIndexEntry = size - offsetIndex.lastEntry().map(OffsetPosition::position).orElse(0);
  }

  /**
   * A reopened segment's age counts from its first batch's largest timestamp (never later than now), so a segment
   * that was already old when the process stopped still rolls on time.
   */
  private void initRollStart(PositionalReader reader, long nowMs) throws IOException {
    BatchHeader first = size == 0 ? null : reader.headerAt(0);
    rollStartMs = first == null ? -1L : first.maxTimestamp() < 0 ? nowMs : Math.min(nowMs, first.maxTimestamp());
  }

  private void rollBack(IOException failure, int position, int offsetEntries, int timeEntries) {
    try {
      channel.truncate(position);
      offsetIndex.truncateToEntries(offsetEntries);
      timeIndex.truncateToEntries(timeEntries);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void closeQuietly(Throwable primary, AutoCloseable... resources) throws IOException {
    Throwable first = primary;
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (primary == null && first != null) {
      if (first instanceof IOException io) {
        throw io;
      }
      throw new IOException(first);
    }
  }
}
