package io.strand.chaos.workload;

import io.strand.chaos.history.ReadRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code strand consume --print-offset} output in chunks: blocks for one record line, then takes the lines
 * already buffered, up to a limit. A chunk is what the history records as one poll.
 *
 * <p>Not thread-safe; one reader thread.
 */
final class RecordStream {
  private static final Logger LOG = LoggerFactory.getLogger(RecordStream.class);
  private static final int MAX_CHUNK = 500;

  private final BufferedReader in;
  private final String name;

  RecordStream(BufferedReader in, String name) {
    this.in = in;
    this.name = name;
  }

  /** The next chunk (at least one record), or empty at end of stream. */
  Optional<List<ReadRecord>> next() throws IOException {
    List<ReadRecord> chunk = new ArrayList<>();
    String line;
    while (chunk.isEmpty() && (line = in.readLine()) != null) {
      add(line, chunk);
    }
    while (!chunk.isEmpty() && chunk.size() < MAX_CHUNK && in.ready() && (line = in.readLine()) != null) {
      add(line, chunk);
    }
    return chunk.isEmpty() ? Optional.empty() : Optional.of(chunk);
  }

  private void add(String line, List<ReadRecord> chunk) {
    Optional<ReadRecord> r = CliLines.parse(line);
    if (r.isPresent()) {
      chunk.add(r.get());
    } else {
      LOG.debug("{}: ignoring output line '{}'", name, line);
    }
  }
}
