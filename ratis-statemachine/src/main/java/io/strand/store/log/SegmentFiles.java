package io.strand.store.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Names of the files in a partition directory. A segment is three files sharing a 20-digit, zero-padded base
 * offset: {@code 00000000000000001234.log}, {@code .index} and {@code .timeindex}; zero padding makes lexical
 * order equal offset order. The directory also holds {@value #CHECKPOINT_FILE}. Also owns forcing the directory
 * itself, which makes file creations, renames and deletions durable.
 *
 * <p>Stateless and thread-safe.
 */
public final class SegmentFiles {
  public static final String LOG_SUFFIX = ".log";
  public static final String OFFSET_INDEX_SUFFIX = ".index";
  public static final String TIME_INDEX_SUFFIX = ".timeindex";
  /** Suffix of files being written before an atomic rename; leftovers are deleted on open. */
  public static final String TEMP_SUFFIX = ".tmp";
  /** Log start offset and recovery point, see {@link LogCheckpoint}. */
  public static final String CHECKPOINT_FILE = "log-state.checkpoint";

  private static final int DIGITS = 20;

  private SegmentFiles() {}

  /** The 20-digit file name stem for a base offset. */
  public static String stem(long baseOffset) {
    if (baseOffset < 0) {
      throw new IllegalArgumentException("base offset must be >= 0, got " + baseOffset);
    }
    String digits = Long.toString(baseOffset);
    return "0".repeat(DIGITS - digits.length()) + digits;
  }

  public static Path logFile(Path dir, long baseOffset) {
    return dir.resolve(stem(baseOffset) + LOG_SUFFIX);
  }

  public static Path offsetIndexFile(Path dir, long baseOffset) {
    return dir.resolve(stem(baseOffset) + OFFSET_INDEX_SUFFIX);
  }

  public static Path timeIndexFile(Path dir, long baseOffset) {
    return dir.resolve(stem(baseOffset) + TIME_INDEX_SUFFIX);
  }

  /**
   * The base offset encoded in a segment file name with the given suffix, or empty when the name is not exactly
   * 20 decimal digits followed by that suffix.
   */
  public static OptionalLong parseBaseOffset(String fileName, String suffix) {
    if (!fileName.endsWith(suffix) || fileName.length() != DIGITS + suffix.length()) {
      return OptionalLong.empty();
    }
    long value = 0;
    for (int i = 0; i < DIGITS; i++) {
      char c = fileName.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
      int digit = c - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        return OptionalLong.empty();
      }
      value = value * 10 + digit;
    }
    return OptionalLong.of(value);
  }

  /**
   * Forces the directory entry table to disk, so that created, renamed and deleted files survive a crash (on
   * Linux, fsync of the directory).
   */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Deletes {@code dir} and everything in it; nothing happens if it does not exist. */
  public static void deleteDirectory(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
