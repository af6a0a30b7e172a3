package io.strand.chaos.check;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The checker's verdict: anomaly counts with examples, and the run's figures.
 *
 * @param counts anomalies found per kind (kinds with none are absent)
 * @param examples the first few examples per kind
 * @param stats the run's figures
 */
public record CheckReport(Map<Anomaly, Integer> counts, Map<Anomaly, List<String>> examples, HistoryStats stats) {

  /** Copies the maps. */
  public CheckReport {
    counts = Collections.unmodifiableMap(counts.isEmpty() ? new EnumMap<>(Anomaly.class) : new EnumMap<>(counts));
    examples = Collections.unmodifiableMap(
        examples.isEmpty() ? new EnumMap<>(Anomaly.class) : new EnumMap<>(examples));
  }

  /** True if no anomaly of any kind was found. */
  public boolean valid() {
    return counts.isEmpty();
  }

  /** Anomalies of one kind. */
  public int count(Anomaly anomaly) {
    return counts.getOrDefault(anomaly, 0);
  }

  /** A human-readable report: figures, then one line per anomaly kind (all kinds, zeros included). */
  public String render() {
    StringBuilder s = new StringBuilder();
    s.append("history: ").append(stats.lines()).append(" lines, ").append(stats.operations()).append(" operations\n");
    s.append("writes: ").append(stats.sendsAcked()).append(" acknowledged, ").append(stats.sendsFailed())
        .append(" failed, ").append(stats.sendsUnknown()).append(" unknown (").append(stats.unknownSendsSeen())
        .append(" of them read)\n");
    s.append("reads: ").append(stats.recordsRead()).append(" records\n");
    s.append("faults: ").append(stats.faultsByKind().isEmpty() ? "none" : stats.faultsByKind()).append('\n');
    stats.longestAckGapAfterKill().ifPresent(g -> s.append("longest producer ack gap around a kill: ")
        .append(g.gapMs()).append(" ms (").append(g.process()).append(", ").append(g.fault()).append(")\n"));
    s.append("anomalies:\n");
    for (Anomaly a : Anomaly.values()) {
      s.append(String.format("  %-28s %d%n", a.wireName(), count(a)));
      for (String example : examples.getOrDefault(a, List.of())) {
        s.append("      e.g. ").append(example).append('\n');
      }
    }
    s.append(valid() ? "VALID: no anomalies\n" : "INVALID: " + counts.values().stream()
        .mapToInt(Integer::intValue).sum() + " anomalies\n");
    return s.toString();
  }
}
