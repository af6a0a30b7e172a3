package io.strand.store.partition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A small file replaced atomically and verified on read. Layout: {@code magic int32, version int32, length int32,
 * crc32c int32 of the payload, payload}. A write goes to {@code <name>.tmp}, is fsynced, renamed over the target and
 * the directory is fsynced, so a crash leaves either the old or the new content, never a mix.
 *
 * <p>Stateless and thread-safe; callers serialize writes to the same path.
 */
final class ChecksummedFile {
  private static final int VERSION = 1;
  private static final int HEADER_BYTES = 16;

  private ChecksummedFile() {}

  static void write(Path file, int magic, byte[] payload) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    buf.putInt(magic).putInt(VERSION).putInt(payload.length).putInt(crc(payload)).put(payload).flip();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    fsyncDirectory(file.getParent());
  }

  /**
   * The payload, or empty if the file does not exist.
   *
   * @throws IOException if the file exists but is not a valid file of this kind (wrong magic or version, truncated,
   *     checksum mismatch); the message names the path and the expected versus actual value
   */
  static Optional<byte[]> read(Path file, int magic) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (bytes.length < HEADER_BYTES) {
      throw new IOException(file + ": truncated header, " + bytes.length + " bytes < " + HEADER_BYTES);
    }
    int actualMagic = buf.getInt();
    int version = buf.getInt();
    int length = buf.getInt();
    int storedCrc = buf.getInt();
    if (actualMagic != magic || version != VERSION) {
      throw new IOException(file + ": expected magic " + Integer.toHexString(magic) + " version " + VERSION
          + ", found magic " + Integer.toHexString(actualMagic) + " version " + version);
    }
    if (length != buf.remaining()) {
      throw new IOException(file + ": header says " + length + " payload bytes, file has " + buf.remaining());
    }
    byte[] payload = new byte[length];
    buf.get(payload);
    int computed = crc(payload);
    if (computed != storedCrc) {
      throw new IOException(file + ": CRC-32C mismatch, stored " + Integer.toHexString(storedCrc) + ", computed "
          + Integer.toHexString(computed));
    }
    return Optional.of(payload);
  }

  static void fsyncDirectory(Path dir) throws IOException {
    // Makes the rename durable (POSIX); the JDK opens directories read-only for exactly this purpose.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static int crc(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }
}
