package io.strand.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The partition log's durable bookkeeping, stored in {@value SegmentFiles#CHECKPOINT_FILE}: the log start offset
 * and the recovery point (every batch below it was flushed, so recovery only re-scans segments that reach past
 * it). The file is 32 bytes, big-endian:
 *
 * <pre>
 *   0 magic           int32  0x53544C43 ("STLC")
 *   4 version         int16  1
 *   6 reserved        int16  0
 *   8 logStartOffset  int64
 *  16 recoveryPoint   int64
 *  24 crc            uint32 CRC-32C of bytes [0, 24)
 *  28 reserved        int32  0
 * </pre>
 *
 * <p>It is replaced atomically: written to a temporary file, forced, renamed over the old one, then the directory is
 * forced, so a crash leaves either the old or the new version.
 *
 * @param logStartOffset first offset still readable
 * @param recoveryPoint offset below which every batch is known to be on disk
 */
public record LogCheckpoint(long logStartOffset, long recoveryPoint) {
  static final int SIZE = 32;
  private static final int MAGIC = 0x53544C43;
  private static final short VERSION = 1;
  private static final int CRC_OFFSET = 24;

  /** Outcome of reading the checkpoint file: a checkpoint, or why there is none usable. */
  public record Loaded(Optional<LogCheckpoint> checkpoint, Optional<String> problem) {}

  /** Reads the checkpoint of {@code dir}; a missing file is not a problem, an unreadable one is reported. */
  public static Loaded read(Path dir) throws IOException {
    Path file = dir.resolve(SegmentFiles.CHECKPOINT_FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Loaded(Optional.empty(), Optional.empty());
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    String problem = null;
    if (bytes.length != SIZE) {
      problem = "length " + bytes.length + ", expected " + SIZE;
    } else if (buf.getInt(0) != MAGIC || buf.getShort(4) != VERSION) {
      problem = "unknown magic " + Integer.toHexString(buf.getInt(0)) + " or version " + buf.getShort(4);
    } else if (Integer.toUnsignedLong(buf.getInt(CRC_OFFSET)) != crc(buf)) {
      problem = "CRC-32C mismatch";
    } else if (buf.getLong(8) < 0 || buf.getLong(16) < 0) {
      problem = "negative offsets " + buf.getLong(8) + ", " + buf.getLong(16);
    }
    if (problem != null) {
      return new Loaded(Optional.empty(), Optional.of(file + ": " + problem));
    }
    return new Loaded(Optional.of(new LogCheckpoint(buf.getLong(8), buf.getLong(16))), Optional.empty());
  }

  /** Atomically replaces the checkpoint of {@code dir} with this one. */
  public void write(Path dir) throws IOException {
    Path file = dir.resolve(SegmentFiles.CHECKPOINT_FILE);
    Path temp = dir.resolve(SegmentFiles.CHECKPOINT_FILE + SegmentFiles.TEMP_SUFFIX);
    ByteBuffer buf = ByteBuffer.allocate(SIZE);
    buf.putInt(MAGIC).putShort(VERSION).putShort((short) 0).putLong(logStartOffset).putLong(recoveryPoint);
    buf.putInt(CRC_OFFSET, (int) crc(buf)).putInt(CRC_OFFSET + 4, 0).position(0);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    SegmentFiles.fsyncDirectory(dir);
  }

  private static long crc(ByteBuffer buf) {
    CRC32C crc = new CRC32C();
    crc.update(buf.duplicate().position(0).limit(CRC_OFFSET));
    return crc.getValue();
  }
}
