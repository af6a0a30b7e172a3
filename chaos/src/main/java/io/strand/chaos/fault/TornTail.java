package io.strand.chaos.fault;

import java.io.IOException;
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
 * stopped node's data directory, as a crash in the middle of a write would. The node must not be running.
 *
 * <p>Stateless and thread-safe.
 */
public final class TornTail {
  private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.log");

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
   * Tears the newest non-empty segment of every partition directory accepted by {@code partitionDirs}.
   *
   * @param dataDir the node's data directory (searched recursively)
   * @param partitionDirs which directories holding segments to tear
   * @param random chooses how many bytes to cut: 1..min(maxBytes, size)
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
      long cut = 1 + random.nextInt((int) Math.min(maxBytes, size));
      try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        ch.truncate(size - cut);
        ch.force(true);
      }
      torn.add(new TornSegment(segment, size, size - cut));
    }
    return torn;
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
