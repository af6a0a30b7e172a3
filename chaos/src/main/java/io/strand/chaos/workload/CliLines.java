package io.strand.chaos.workload;

import io.strand.chaos.history.ReadRecord;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the CLI's machine-readable output lines: {@code strand produce --print-acks} prints
 * {@code PARTITION<TAB>OFFSET<TAB>VALUE} per acknowledged record, {@code strand consume --print-offset} prints
 * {@code PARTITION<TAB>OFFSET<TAB>[KEY<TAB>]VALUE} per record. Anything else (a stray log line) does not parse.
 *
 * <p>Stateless and thread-safe.
 */
final class CliLines {
  private static final Pattern RECORD = Pattern.compile("(\\d+)\\t(\\d+)\\t(?:.*\\t)?([^\\t]*)");

  private CliLines() {
  }

  /** A record line, or empty if the line is not one. */
  static Optional<ReadRecord> parse(String line) {
    Matcher m = RECORD.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new ReadRecord(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), m.group(3)));
  }
}
