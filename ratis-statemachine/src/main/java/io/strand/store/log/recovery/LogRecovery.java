package io.strand.store.log.recovery;

import io.strand.store.log.LogCheckpoint;
import io.strand.store.log.LogConfig;
import io.strand.store.log.LogSegment;
import io.strand.store.log.SegmentFiles;
import io.strand.store.log.SegmentRecoveryResult;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a partition directory into segments, repairing what a crash or disk damage left behind. The rules:
 *
 * <ol>
 *   <li>Temporary files and index files without a log file are deleted.
 *   <li>A segment that reaches past the checkpointed recovery point (or every segment, without a usable checkpoint)
 *       is re-validated batch by batch and its indexes rebuilt; a flushed segment is loaded from its indexes and
 *       re-validated only if they are missing or inconsistent.
 *   <li>The first invalid batch (partial, bad CRC, bad magic or length, zero-filled or garbage bytes, or an offset
 *       that does not continue the previous batch) ends the log: the file is cut there and every later segment is
 *       deleted. Everything before it is kept.
 *   <li>Segments must be contiguous (each base offset equals the previous segment's end); the first gap or
 *       overlap ends the log the same way.
 *   <li>Segments entirely below the checkpointed log start offset are deleted, finishing an interrupted retention.
 *       A log start beyond the recovered end leaves an empty log starting there.
 *   <li>What was re-validated is forced to disk, and the checkpoint is rewritten with the recovery point at the new
 *       log end.
 * </ol>
 *
 * <p>Not thread-safe; runs once, before the log is shared.
 */
public final class LogRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

  private final Path dir;
  private final LogConfig config;
  private final long nowMs;
  private final List<String> problems = new ArrayList<>();
  private final List<LogSegment> segments = new ArrayList<>();
  private int scanned;
  private int indexesRebuilt;
  private long bytesTruncated;
  private int deleted;

  private LogRecovery(Path dir, LogConfig config, long nowMs) {
    this.dir = dir;
    this.config = config;
    this.nowMs = nowMs;
  }

  /** Recovers the log in {@code dir}, creating the directory and an empty log at offset 0 if there is none. */
  public static RecoveredLog recover(Path dir, LogConfig config, Clock clock) throws IOException {
    LogRecovery recovery = new LogRecovery(dir, config, clock.millis());
    try {
      return recovery.run();
    } catch (IOException | RuntimeException e) {
      for (LogSegment segment : recovery.segments) {
        try {
          segment.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private RecoveredLog run() throws IOException {
    Files.createDirectories(dir);
    LogCheckpoint.Loaded loaded = LogCheckpoint.read(dir);
    loaded.problem().ifPresent(p -> note(p + "; ignoring it and re-scanning every segment"));
    Optional<LogCheckpoint> checkpoint = loaded.checkpoint();
    long recoveryPoint = checkpoint.map(LogCheckpoint::recoveryPoint).orElse(0L);
    TreeSet<Long> baseOffsets = listSegments();
    boolean ended = false;
    for (long baseOffset : baseOffsets) {
      LogSegment previous = segments.isEmpty() ? null : segments.get(segments.size() - 1);
      if (!ended && previous != null && previous.nextOffset() != baseOffset) {
        note("segment " + SegmentFiles.stem(baseOffset) + " does not continue the previous segment, which ends at "
            + "offset " + previous.nextOffset() + "; deleting it and every later segment");
        ended = true;
      }
      if (ended) {
        deleteFiles(baseOffset);
        continue;
      }
      ended = load(baseOffset, recoveryPoint);
    }
    long logStart = checkpoint.map(LogCheckpoint::logStartOffset)
        .orElse(segments.isEmpty() ? 0L : segments.get(0).baseOffset());
    logStart = finishStart(logStart);
    long logEnd = segments.get(segments.size() - 1).nextOffset();
    if (recoveryPoint > logEnd) {
      note("log end offset " + logEnd + " is below the checkpointed recovery point " + recoveryPoint
          + ": data that had been flushed is gone");
    }
    if (deleted > 0 || scanned > 0 || segments.size() != baseOffsets.size()) {
      SegmentFiles.fsyncDirectory(dir);
    }
    if (checkpoint.isEmpty() || checkpoint.get().logStartOffset() != logStart
        || checkpoint.get().recoveryPoint() != logEnd) {
      new LogCheckpoint(logStart, logEnd).write(dir);
    }
    RecoveryReport report = new RecoveryReport(dir, checkpoint.map(LogCheckpoint::recoveryPoint).orElse(-1L),
        segments.size(), scanned, indexesRebuilt, bytesTruncated, deleted, logStart, logEnd, problems);
    if (scanned > 0 || !problems.isEmpty()) {
      LOG.info("{}: recovered log [{}, {}) in {} segments; re-scanned {}, rebuilt indexes of {}, truncated {} bytes,"
          + " deleted {} segments", dir, logStart, logEnd, segments.size(), scanned, indexesRebuilt, bytesTruncated,
          deleted);
    }
    return new RecoveredLog(segments, logStart, logEnd, report);
  }

  /**
   * Loads one segment, re-scanning it when it reaches past the recovery point or its indexes do not hold up.
   *
   * @return whether the segment had to be truncated, which ends the log
   */
  private boolean load(long baseOffset, long recoveryPoint) throws IOException {
    boolean indexMissing = !Files.exists(SegmentFiles.offsetIndexFile(dir, baseOffset))
        || !Files.exists(SegmentFiles.timeIndexFile(dir, baseOffset));
    LogSegment segment = LogSegment.open(dir, baseOffset, config.maxIndexSizeBytes());
    segments.add(segment);
    boolean rescan = baseOffset > recoveryPoint;
    if (indexMissing) {
      note(segment.logPath() + ": index file missing; rebuilding it");
      indexesRebuilt++;
      rescan = true;
    }
    if (!rescan) {
      Optional<String> problem = segment.loadFromIndexes(nowMs);
      if (problem.isEmpty() && segment.nextOffset() <= recoveryPoint) {
        problem = segment.checkIndexes();
      } else if (problem.isEmpty()) {
        rescan = true;
      }
      if (problem.isPresent()) {
        note(problem.get() + "; re-validating the segment and rebuilding its indexes");
        indexesRebuilt++;
        rescan = true;
      }
    }
    if (!rescan) {
      return false;
    }
    SegmentRecoveryResult result = segment.recover(config.indexIntervalBytes(), nowMs);
    scanned++;
    segment.flush();
    if (result.problem().isEmpty()) {
      return false;
    }
    note(result.problem().get() + "; truncated " + result.truncatedBytes() + " bytes, the segment now ends at offset "
        + result.nextOffset());
    bytesTruncated += result.truncatedBytes();
    return true;
  }

  /** Drops segments wholly below the log start; returns the log start to use. */
  private long finishStart(long checkpointStart) throws IOException {
    while (segments.size() > 1 && segments.get(0).nextOffset() <= checkpointStart) {
      LogSegment below = segments.remove(0);
      below.delete();
      deleted++;
    }
    if (segments.isEmpty()) {
      segments.add(LogSegment.create(dir, checkpointStart, config.maxIndexSizeBytes()));
      return checkpointStart;
    }
    LogSegment last = segments.get(segments.size() - 1);
    if (checkpointStart > last.nextOffset()) {
      note("log start offset " + checkpointStart + " is beyond the recovered log end " + last.nextOffset()
          + "; starting an empty log there");
      for (LogSegment segment : segments) {
        segment.delete();
        deleted++;
      }
      segments.clear();
      segments.add(LogSegment.create(dir, checkpointStart, config.maxIndexSizeBytes()));
      return checkpointStart;
    }
    return Math.max(checkpointStart, segments.get(0).baseOffset());
  }

  /** Base offsets of the segments on disk, after deleting temporary files and orphaned indexes. */
  private TreeSet<Long> listSegments() throws IOException {
    TreeSet<Long> logs = new TreeSet<>();
    List<Path> others = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        OptionalLong base = SegmentFiles.parseBaseOffset(name, SegmentFiles.LOG_SUFFIX);
        if (base.isPresent()) {
          logs.add(base.getAsLong());
        } else if (name.endsWith(SegmentFiles.TEMP_SUFFIX)) {
          Files.delete(file);
        } else {
          others.add(file);
        }
      }
    }
    for (Path file : others) {
      String name = file.getFileName().toString();
      OptionalLong base = SegmentFiles.parseBaseOffset(name, SegmentFiles.OFFSET_INDEX_SUFFIX);
      if (base.isEmpty()) {
        base = SegmentFiles.parseBaseOffset(name, SegmentFiles.TIME_INDEX_SUFFIX);
      }
      if (base.isPresent() && !logs.contains(base.getAsLong())) {
        note(file + ": index without a log file; deleting it");
        Files.delete(file);
      }
    }
    return logs;
  }

  private void deleteFiles(long baseOffset) throws IOException {
    Files.deleteIfExists(SegmentFiles.logFile(dir, baseOffset));
    Files.deleteIfExists(SegmentFiles.offsetIndexFile(dir, baseOffset));
    Files.deleteIfExists(SegmentFiles.timeIndexFile(dir, baseOffset));
    deleted++;
  }

  private void note(String problem) {
    LOG.warn("{}: {}", dir, problem);
    problems.add(problem);
  }
}
