package io.strand.store.log;

import io.strand.record.RecordBatch;
import io.strand.store.error.CorruptBatchException;
import io.strand.store.error.LogDirOfflineException;
import io.strand.store.error.OffsetOutOfRangeException;
import io.strand.store.error.RecordTooLargeException;
import io.strand.store.error.StorageErrors;
import io.strand.store.error.StoreException;
import io.strand.store.error.UnexpectedAppendOffsetException;
import io.strand.store.log.recovery.LogRecovery;
import io.strand.store.log.recovery.RecoveredLog;
import io.strand.store.log.recovery.RecoveryReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The log of one partition: a directory of {@link LogSegment}s holding RecordBatch v2 batches with contiguous
 * offsets from {@link #logStartOffset()} to {@link #logEndOffset()}. Appends go to the active (last) segment,
 * which rolls when full or old; reads find the segment by base offset and the position through its sparse index;
 * retention and {@link #deleteRecordsBefore(long)} delete whole segments from the front; {@link #truncateTo(long)}
 * cuts the end. Opening the log runs {@link LogRecovery}, which repairs whatever a crash left behind.
 *
 * <p>Durability is the caller's choice: appends are written to the OS page cache; {@link #flush()} forces data and
 * indexes to disk and advances the {@link #recoveryPoint()}, which is checkpointed (with the log start offset) in
 * {@value SegmentFiles#CHECKPOINT_FILE} so that recovery only re-scans what was not flushed.
 *
 * <p>Deterministic: no threads, no timers; time comes from the injected {@link Clock} (or an explicit {@code nowMs}).
 *
 * <p>Thread-safety: mutating methods are serialized by an internal writer lock (one writer at a time); {@link
 * #read}, {@link #offsetForTimestamp} and the accessors may run concurrently with them and with each other.
 * Readers never see a partial batch: a segment publishes its new size only after a batch is fully written, and
 * the log end offset after that. Operations that remove or shrink segments (truncation, retention, deletion,
 * close) briefly exclude readers.
 */
public final class SegmentedLog implements AutoCloseable {
  private final Path dir;
  private final Clock clock;
  private final Segments segments = new Segments();
  private final RecoveryReport recoveryReport;
  private final Lock writeLock = new ReentrantLock();
  private final ReentrantReadWriteLock removalLock = new ReentrantReadWriteLock();
  private volatile LogConfig config;
  private volatile long logStartOffset;
  private volatile long logEndOffset;
  private volatile long recoveryPoint;
  private volatile boolean closed;
  private volatile StoreException failure;
  private LogCheckpoint checkpointed;
  private boolean directoryDirty;

  private SegmentedLog(Path dir, LogConfig config, Clock clock, RecoveredLog recovered) {
    this.dir = dir;
    this.config = config;
    this.clock = clock;
    recovered.segments().forEach(segments::add);
    this.logStartOffset = recovered.logStartOffset();
    this.logEndOffset = segments.active().nextOffset();
    this.recoveryPoint = recovered.recoveryPoint();
    this.checkpointed = new LogCheckpoint(logStartOffset, recoveryPoint);
    this.recoveryReport = recovered.report();
  }

  /**
   * Opens the log in {@code dir}, creating the directory and an empty log starting at offset 0 if needed, and
   * recovering from whatever an unclean shutdown left behind.
   *
   * @throws StoreException ({@code DISK_FULL} or {@code STORAGE_ERROR}) if the directory cannot be read or repaired
   */
  public static SegmentedLog open(Path dir, LogConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    try {
      return new SegmentedLog(dir, config, clock, LogRecovery.recover(dir, config, clock));
    } catch (IOException e) {
      throw StorageErrors.map("open log " + dir, e);
    }
  }

  /**
   * Appends one batch at the log end offset, patching its base offset in {@code batch} (a read-only buffer is
   * copied first). The buffer's position and limit are not changed. Nothing is written unless the batch is valid.
   *
   * @throws CorruptBatchException if the batch is malformed (length, magic, CRC-32C, record count)
   * @throws RecordTooLargeException if it is larger than {@code max.message.bytes}
   * @throws StoreException ({@code DISK_FULL} or {@code STORAGE_ERROR}) if writing fails
   */
  public LogAppendInfo append(ByteBuffer batch) {
    return append(batch, true);
  }

  /**
   * Appends one batch keeping its own base offset, which must equal {@link #logEndOffset()}: for a replica copying
   * a leader's batches. Validation is the same as {@link #append(ByteBuffer)}.
   *
   * @throws UnexpectedAppendOffsetException if the batch does not start at the log end offset
   */
  public LogAppendInfo appendWithOffsets(ByteBuffer batch) {
    return append(batch, false);
  }

  private LogAppendInfo append(ByteBuffer batch, boolean assignOffsets) {
    Objects.requireNonNull(batch, "batch");
    writeLock.lock();
    try {
      ensureOpen();
      LogConfig cfg = config;
      ByteBuffer buffer = batch.isReadOnly() ? copyOf(batch) : batch;
      RecordBatch validated = AppendValidator.validate(buffer, cfg.maxMessageBytes());
      long baseOffset = logEndOffset;
      if (assignOffsets) {
        validated.setBaseOffset(baseOffset);
      } else if (validated.baseOffset() != baseOffset) {
        throw new UnexpectedAppendOffsetException(baseOffset, validated.baseOffset());
      }
      long nowMs = clock.millis();
      LogSegment active = segments.active();
      if (RollPolicy.shouldRoll(active, validated.sizeInBytes(), validated.lastOffset(), nowMs, cfg)) {
        active = rollLocked();
      }
      BatchHeader header = BatchHeader.parse(buffer, buffer.position(), active.size());
      active.append(buffer, header, cfg.indexIntervalBytes(), nowMs);
      logEndOffset = header.nextOffset();
      return new LogAppendInfo(baseOffset, header.lastOffset(), header.maxTimestamp(), header.sizeInBytes());
    } catch (IOException e) {
      // The segment cut itself back unless the rollback failed too (reported as suppressed).
      throw e.getSuppressed().length == 0 ? StorageErrors.map("append to " + dir, e) : failed("append", e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Reads whole batches starting with the one that contains {@code startOffset}: at least one batch when any
   * exists there, then more while the total stays within {@code maxBytes}. Reads stay within one segment; continue
   * from {@link LogReadResult#nextOffset()}.
   *
   * @param maxBytes soft limit on the bytes returned, >= 0; the first batch is returned even if larger. The result
   *     is one heap buffer of up to this size, so callers bound it (a fetch's max bytes)
   * @return an empty result when {@code startOffset} is the log end offset
   * @throws OffsetOutOfRangeException if {@code startOffset} is below the log start or above the log end offset
   */
  public LogReadResult read(long startOffset, int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0, got " + maxBytes);
    }
    removalLock.readLock().lock();
    try {
      ensureOpen();
      long start = logStartOffset;
      long end = logEndOffset;
      if (startOffset < start || startOffset > end) {
        throw new OffsetOutOfRangeException(startOffset, start, end);
      }
      if (startOffset == end) {
        return LogReadResult.empty(end);
      }
      for (LogSegment segment : segments.from(startOffset)) {
        Optional<LogReadResult> result = segment.read(startOffset, maxBytes);
        if (result.isPresent()) {
          return result.get();
        }
      }
      return LogReadResult.empty(startOffset);
    } catch (IOException e) {
      throw StorageErrors.map("read " + dir + " at offset " + startOffset, e);
    } finally {
      removalLock.readLock().unlock();
    }
  }

  /**
   * The first record at or after the log start offset whose timestamp is at least {@code timestampMs}, with its
   * timestamp; empty when every record is older.
   */
  public Optional<TimestampOffset> offsetForTimestamp(long timestampMs) {
    removalLock.readLock().lock();
    try {
      ensureOpen();
      long start = logStartOffset;
      for (LogSegment segment : segments.all()) {
        if (segment.nextOffset() > start) {
          Optional<TimestampOffset> found = segment.findOffsetByTimestamp(timestampMs, start);
          if (found.isPresent()) {
            return found;
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw StorageErrors.map("look up timestamp " + timestampMs + " in " + dir, e);
    } finally {
      removalLock.readLock().unlock();
    }
  }

  /** First offset still stored (records below it were deleted). */
  public long logStartOffset() {
    return logStartOffset;
  }

  /** Offset the next appended record gets; one past the last stored record. */
  public long logEndOffset() {
    return logEndOffset;
  }

  /** Every batch below this offset is on disk: the log end offset as of the last {@link #flush()}. */
  public long recoveryPoint() {
    return recoveryPoint;
  }

  /** Total size of the segments' log files, indexes excluded. */
  public long sizeInBytes() {
    return segments.sizeInBytes();
  }

  public int segmentCount() {
    return segments.count();
  }

  /** Base offsets of the segments, ascending; the last is the active segment. */
  public List<Long> segmentBaseOffsets() {
    return segments.baseOffsets();
  }

  public Path dir() {
    return dir;
  }

  public LogConfig config() {
    return config;
  }

  /** What recovery found and repaired when this log was opened. */
  public RecoveryReport recoveryReport() {
    return recoveryReport;
  }

  /**
   * Replaces the configuration. Roll, size and retention limits apply from the next append or retention pass;
   * {@code segment.index.bytes} applies to segments created afterwards.
   */
  public void updateConfig(LogConfig newConfig) {
    Objects.requireNonNull(newConfig, "newConfig");
    writeLock.lock();
    try {
      config = newConfig;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Drops every batch containing an offset at or after {@code offset}; the new log end offset is the base offset
   * of the first batch dropped (so at most {@code offset}). Does nothing if {@code offset >= logEndOffset()}; an
   * offset below the log start empties the log as {@link #truncateFullyAndStartAt(long)} does.
   */
  public void truncateTo(long offset) {
    requireNonNegative(offset);
    writeLock.lock();
    try {
      ensureOpen();
      if (offset >= logEndOffset) {
        return;
      }
      if (offset < logStartOffset) {
        truncateFullyLocked(offset);
        return;
      }
      removalLock.writeLock().lock();
      try {
        List<LogSegment> doomed = new ArrayList<>(segments.after(offset));
        deleteSegments(doomed, Comparator.comparingLong(LogSegment::baseOffset).reversed());
        LogSegment last = segments.active();
        last.truncateTo(offset);
        logEndOffset = last.nextOffset();
        logStartOffset = Math.min(logStartOffset, logEndOffset);
        recoveryPoint = Math.min(recoveryPoint, logEndOffset);
      } finally {
        removalLock.writeLock().unlock();
      }
      SegmentFiles.fsyncDirectory(dir);
      directoryDirty = false;
      writeCheckpoint(logStartOffset, recoveryPoint);
    } catch (IOException e) {
      throw failed("truncate to " + offset, e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Deletes every segment and starts an empty log whose start and end offsets are {@code offset}. */
  public void truncateFullyAndStartAt(long offset) {
    requireNonNegative(offset);
    writeLock.lock();
    try {
      ensureOpen();
      truncateFullyLocked(offset);
    } catch (IOException e) {
      throw failed("truncate fully and start at " + offset, e);
    } finally {
      writeLock.unlock();
    }
  }

  private void truncateFullyLocked(long offset) throws IOException {
    removalLock.writeLock().lock();
    try {
      deleteSegments(new ArrayList<>(segments.all()),
          Comparator.comparingLong(LogSegment::baseOffset).reversed());
      SegmentFiles.fsyncDirectory(dir);
      writeCheckpoint(offset, offset);
      segments.add(LogSegment.create(dir, offset, config.maxIndexSizeBytes()));
      SegmentFiles.fsyncDirectory(dir);
      directoryDirty = false;
      logStartOffset = offset;
      logEndOffset = offset;
      recoveryPoint = offset;
    } finally {
      removalLock.writeLock().unlock();
    }
  }

  /**
   * Makes {@code offset} the new log start offset and deletes the inactive segments entirely below it. Offsets at
   * or below the current start change nothing.
   *
   * @return the log start offset afterwards
   * @throws OffsetOutOfRangeException if {@code offset} is above the log end offset
   */
  public long deleteRecordsBefore(long offset) {
    writeLock.lock();
    try {
      ensureOpen();
      if (offset > logEndOffset) {
        throw new OffsetOutOfRangeException(offset, logStartOffset, logEndOffset);
      }
      if (offset > logStartOffset) {
        writeCheckpoint(offset, recoveryPoint);
        List<LogSegment> doomed = new ArrayList<>();
        for (LogSegment segment : segments.inactive()) {
          if (segment.nextOffset() <= offset) {
            doomed.add(segment);
          }
        }
        removeFromFront(doomed, offset);
      }
      return logStartOffset;
    } catch (IOException e) {
      throw failed("delete records before " + offset, e);
    } finally {
      writeLock.unlock();
    }
  }

  /** {@link #applyRetention(long)} at the clock's current time. */
  public int applyRetention() {
    return applyRetention(clock.millis());
  }

  /**
   * Deletes the oldest inactive segments that retention allows to go (see {@code retention.ms} and {@code
   * retention.bytes} in {@link LogConfig}) and advances the log start offset past them. Replicas pass the same
   * {@code nowMs} to delete the same segments.
   *
   * @return the number of segments deleted
   */
  public int applyRetention(long nowMs) {
    writeLock.lock();
    try {
      ensureOpen();
      List<LogSegment> inactive = segments.inactive();
      int count = RetentionPolicy.deletablePrefix(inactive, segments.sizeInBytes(), logStartOffset, config, nowMs);
      if (count == 0) {
        return 0;
      }
      List<LogSegment> doomed = inactive.subList(0, count);
      long newStart = Math.max(logStartOffset, doomed.get(count - 1).nextOffset());
      if (newStart != logStartOffset) {
        writeCheckpoint(newStart, recoveryPoint);
      }
      removeFromFront(doomed, newStart);
      return count;
    } catch (IOException e) {
      throw failed("apply retention", e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Starts a new active segment at the log end offset, unless the active segment is empty. */
  public void roll() {
    writeLock.lock();
    try {
      ensureOpen();
      if (!segments.active().isEmpty()) {
        rollLocked();
      }
    } catch (IOException e) {
      throw StorageErrors.map("roll " + dir, e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Forces every written batch and index entry to disk and advances the recovery point to the log end offset.
   * The checkpoint file is rewritten only when that moves the recovery point into another segment (recovery
   * re-scans whole segments, so a finer checkpoint would save nothing) or the log start offset changed.
   */
  public void flush() {
    writeLock.lock();
    try {
      ensureOpen();
      flushLocked();
    } catch (IOException e) {
      throw failed("flush", e);
    } finally {
      writeLock.unlock();
    }
  }

  private void flushLocked() throws IOException {
    long end = logEndOffset;
    LogSegment active = segments.active();
    active.sealTimeIndex();
    for (LogSegment segment : segments.all()) {
      segment.flush();
    }
    if (directoryDirty) {
      SegmentFiles.fsyncDirectory(dir);
      directoryDirty = false;
    }
    recoveryPoint = end;
    if (checkpointed.logStartOffset() != logStartOffset
        || segmentBaseFor(checkpointed.recoveryPoint()) != segmentBaseFor(end)) {
      writeCheckpoint(logStartOffset, end);
    }
  }

  /** Flushes, records the recovery point and closes every file. Idempotent. */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      try {
        if (failure == null) {
          flushLocked();
          if (!checkpointed.equals(new LogCheckpoint(logStartOffset, recoveryPoint))) {
            writeCheckpoint(logStartOffset, recoveryPoint);
          }
        }
      } finally {
        closeFiles();
      }
    } catch (IOException e) {
      throw StorageErrors.map("close " + dir, e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Closes the log and removes its directory with everything in it. */
  public void delete() {
    writeLock.lock();
    try {
      closeFiles();
      SegmentFiles.deleteDirectory(dir);
    } catch (IOException e) {
      throw StorageErrors.map("delete " + dir, e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SegmentedLog[" + dir + ", start=" + logStartOffset + ", end=" + logEndOffset + ", segments="
        + segments.count() + "]";
  }

  private LogSegment rollLocked() throws IOException {
    segments.active().sealTimeIndex();
    LogSegment next = LogSegment.create(dir, logEndOffset, config.maxIndexSizeBytes());
    segments.add(next);
    directoryDirty = true;
    return next;
  }

  /** Advances the log start offset and deletes {@code doomed}, a prefix of the segments, as one step for readers. */
  private void removeFromFront(List<LogSegment> doomed, long newStart) throws IOException {
    removalLock.writeLock().lock();
    try {
      logStartOffset = newStart;
      deleteSegments(doomed, Comparator.comparingLong(LogSegment::baseOffset));
      directoryDirty |= !doomed.isEmpty();
    } finally {
      removalLock.writeLock().unlock();
    }
  }

  private void deleteSegments(List<LogSegment> doomed, Comparator<LogSegment> order) throws IOException {
    doomed.sort(order);
    for (LogSegment segment : doomed) {
      segments.remove(segment);
      segment.delete();
    }
  }

  private long segmentBaseFor(long offset) {
    Long base = null;
    for (LogSegment segment : segments.from(offset)) {
      base = segment.baseOffset();
      break;
    }
    return base == null ? -1L : base;
  }

  private void writeCheckpoint(long start, long recovery) throws IOException {
    LogCheckpoint checkpoint = new LogCheckpoint(start, recovery);
    checkpoint.write(dir);
    checkpointed = checkpoint;
  }

  private void closeFiles() throws IOException {
    removalLock.writeLock().lock();
    try {
      closed = true;
      IOException first = null;
      for (LogSegment segment : segments.all()) {
        try {
          segment.close();
        } catch (IOException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    } finally {
      removalLock.writeLock().unlock();
    }
  }

  /** Takes the log offline: the in-memory state may no longer match the files, so no further use is safe. */
  private StoreException failed(String operation, IOException e) {
    StoreException mapped = StorageErrors.map(operation + " on " + dir, e);
    failure = mapped;
    return mapped;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("log " + dir + " is closed");
    }
    StoreException cause = failure;
    if (cause != null) {
      throw new LogDirOfflineException("log " + dir + " is offline after an earlier failure: "
          + cause.getMessage(), cause);
    }
  }

  private static void requireNonNegative(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
  }

  private static ByteBuffer copyOf(ByteBuffer readOnly) {
    ByteBuffer copy = ByteBuffer.allocate(readOnly.remaining());
    copy.put(readOnly.duplicate()).flip();
    return copy;
  }
}
