package io.strand.chaos.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads history files. Blank lines are skipped; any other line that is not a valid op fails the whole read with
 * the file name and line number, because a checker that silently skips lines could miss an anomaly.
 *
 * <p>Stateless and thread-safe.
 */
public final class HistoryReader {
  private final HistoryCodec codec = new HistoryCodec();

  /** All ops of one file, in file order. */
  public List<Op> read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    }
  }

  /** All ops from a reader, in order; {@code source} names it in error messages. */
  public List<Op> read(Reader reader, String source) throws IOException {
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    List<Op> ops = new ArrayList<>();
    String line;
    int lineNumber = 0;
    while ((line = in.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try {
        ops.add(codec.decode(line));
      } catch (MalformedHistoryException e) {
        throw new MalformedHistoryException(source + ":" + lineNumber + ": " + e.getMessage(), e);
      }
    }
    return ops;
  }

  /**
   * Reads several files written concurrently by different processes of one run and merges them into one
   * history ordered by {@link Op#timeNs()}; ops with equal times keep their file order (the sort is stable).
   */
  public List<Op> readMerged(List<Path> files) throws IOException {
    List<Op> all = new ArrayList<>();
    for (Path file : files) {
      all.addAll(read(file));
    }
    all.sort(Comparator.comparingLong(Op::timeNs));
    return all;
  }
}
