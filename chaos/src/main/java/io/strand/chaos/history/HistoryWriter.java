package io.strand.chaos.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends ops to a JSON-lines history file, one line per op, flushed per line so that a crashed run still leaves
 * a checkable history behind.
 *
 * <p>Thread-safe: {@link #append} is synchronized, so concurrent workload threads produce whole lines in the
 * order their calls acquired the lock; that order is the history order the checker relies on.
 */
public final class HistoryWriter implements AutoCloseable {
  private final HistoryCodec codec = new HistoryCodec();
  private final BufferedWriter out;
  private final long originNanos;
  private long written;

  /**
   * Creates (or truncates) {@code file}.
   *
   * @param originNanos the {@link System#nanoTime()} value that is time 0 of the run
   */
  public HistoryWriter(Path file, long originNanos) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    this.originNanos = originNanos;
  }

  /** Nanoseconds since the run's origin, for {@link Op#timeNs()}. */
  public long now() {
    return System.nanoTime() - originNanos;
  }

  /** Appends one op and returns it. */
  public synchronized Op append(Op op) {
    try {
      out.write(codec.encode(op));
      out.newLine();
      out.flush();
      written++;
      return op;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to history: " + op, e);
    }
  }

  /** How many ops were appended so far. */
  public synchronized long written() {
    return written;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
