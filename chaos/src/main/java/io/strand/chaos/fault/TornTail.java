package io.strand.chaos.fault;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strand.internal.proto.PartitionSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cuts bytes off the newest segment file ({@code <20-digit base offset>.log}) of each partition directory under a
 * stopped node's data directory, as a power loss in the middle of a write would. The node must not be running.
 *
 * <p>Only bytes a power loss can take are cut: those of batches at or above the partition's flushed offset, the
 * larger of the log checkpoint's recovery point ({@code log-state.checkpoint}) and the log end offset of the
 * replica's snapshot ({@code ../partition.snapshot}); Strand fsyncs the segments up to both before writing either
 * file. Losing fsynced bytes is media corruption, a different fault that this one does not model.
 *
 * <p>Stateless and thread-safe.
 */
public final class TornTail {
  private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.log");
  private static final String CHECKPOINT = "log-state.checkpoint";
  private static final String SNAPSHOT = "partition.snapshot";
  /** RecordBatch v2: base offset, batch length, then the fields up to last offset delta. */
  private static final int LENGTH_OFFSET = 8;
  private static final int LAST_OFFSET_DELTA_OFFSET = 23;
  private static final int LOG_OVERHEAD = 12;
  private static final int MIN_BATCH_LENGTH = 49;
  /** Checksummed file header of the snapshot: magic, version, length, CRC. */
  private static final int SNAPSHOT_HEADER_BYTES = 16;

  private TornTail() {
  }

  /**
   * A segment that was cut.
   *
   * @param file the segment file
   * @param sizeBefore its size before, in bytes
   * @param sizeAfter its size after, in bytes
   */
  public record TornSegment(Path file, long sizeBefore, long sizeAfter) {
    @Override
    public String toString() {
      return file + " " + sizeBefore + "->" + sizeAfter;
    }
  }

  /**
   * Tears the unflushed tail of the newest segment of every partition directory accepted by {@code partitionDirs};
   * a segment without unflushed bytes is left alone.
   *
   * @param dataDir the node's data directory (searched recursively)
   * @param partitionDirs which directories holding segments to tear
   * @param random chooses how many bytes to cut: 1..min(maxBytes, unflushed bytes)
   * @param maxBytes upper bound of bytes cut per segment (&gt;= 1)
   */
  public static List<TornSegment> tear(Path dataDir, Predicate<Path> partitionDirs, Random random, int maxBytes)
      throws IOException {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
    }
    List<TornSegment> torn = new ArrayList<>();
    for (Path segment : newestSegments(dataDir).values()) {
      long size = Files.size(segment);
      if (size == 0 || !partitionDirs.test(segment.getParent())) {
        continue;
      }
      long unflushed = size - flushedBytes(segment, flushedOffset(segment.getParent()));
      if (unflushed <= 0) {
        continue;
      }
      long cut = 1 + random.nextInt((int) Math.min(maxBytes, unflushed));
      try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        ch.truncate(size - cut);
        ch.force(true);
      }
      torn.add(new TornSegment(segment, size, size - cut));
    }
    return torn;
  }

  /** The offset below which the log in {@code logDir} was fsynced, as far as its files on disk show; 0 if unknown. */
  static long flushedOffset(Path logDir) throws IOException {
    long flushed = 0;
    Path checkpoint = logDir.resolve(CHECKPOINT);
    if (Files.isRegularFile(checkpoint)) {
      ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(checkpoint));
      if (buf.remaining() >= 24) {
        flushed = Math.max(flushed, buf.getLong(16));
      }
    }
    Path snapshot = logDir.resolveSibling(SNAPSHOT);
    if (Files.isRegularFile(snapshot)) {
      byte[] bytes = Files.readAllBytes(snapshot);
      if (bytes.length > SNAPSHOT_HEADER_BYTES) {
        try {
          PartitionSnapshot parsed = PartitionSnapshot.parseFrom(
              ByteBuffer.wrap(bytes, SNAPSHOT_HEADER_BYTES, bytes.length - SNAPSHOT_HEADER_BYTES));
          flushed = Math.max(flushed, parsed.getLogEndOffset());
        } catch (InvalidProtocolBufferException e) {
          throw new IOException("unreadable snapshot " + snapshot + ": " + e.getMessage(), e);
        }
      }
    }
    return flushed;
  }

  /** Length of the segment's prefix made of whole batches that end below {@code flushedOffset}. */
  static long flushedBytes(Path segment, long flushedOffset) throws IOException {
    if (flushedOffset <= 0) {
      return 0;
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
      long size = ch.size();
      long position = 0;
      ByteBuffer header = ByteBuffer.allocate(LAST_OFFSET_DELTA_OFFSET + Integer.BYTES);
      while (position + header.capacity() <= size) {
        readFully(ch, header.clear(), position);
        long baseOffset = header.getLong(0);
        int length = header.getInt(LENGTH_OFFSET);
        long end = position + LOG_OVERHEAD + length;
        if (length < MIN_BATCH_LENGTH || end > size
            || baseOffset + header.getInt(LAST_OFFSET_DELTA_OFFSET) >= flushedOffset) {
          break;
        }
        position = end;
      }
      return position;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw new IOException("unexpected end of file at " + (position + buf.position()));
      }
    }
  }

  /** The newest segment file per directory, by directory. */
  static Map<Path, Path> newestSegments(Path dataDir) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir)) {
      return files.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
          .collect(Collectors.toMap(Path::getParent, p -> p,
              (a, b) -> Comparator.comparing((Path p) -> p.getFileName().toString()).compare(a, b) >= 0 ? a : b,
              TreeMap::new));
    }
  }
}
