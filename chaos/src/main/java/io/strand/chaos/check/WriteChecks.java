package io.strand.chaos.check;

import io.strand.chaos.history.OpFunction;
import io.strand.chaos.history.OpType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Write-side anomalies: lost, unseen, duplicate, inconsistent offsets, non-monotonic send, failed writes that
 * were read, and values nobody wrote. Unknown-outcome (info) writes are allowed to appear or not, but the
 * duplicate check holds for them as for every value: at most one position.
 *
 * <p>Stateless; not thread-safe only in the sense that {@link Findings} is not.
 */
final class WriteChecks {
  private WriteChecks() {
  }

  static void check(PairedHistory history, Observations seen, Findings findings) {
    Map<String, Operation> sends = indexSends(history, findings);
    checkPositions(seen, findings);
    checkValues(seen, sends, findings);
    for (Operation send : sends.values()) {
      if (send.isOk()) {
        checkAckedWriteVisible(send, seen, findings);
      } else if (send.outcome() == OpType.FAIL && seen.wasRead(send.invoke().value())) {
        findings.add(Anomaly.FAILED_WRITE_VISIBLE, send.describe() + " failed but was read at "
            + seen.byValue().get(send.invoke().value()).keySet());
      }
    }
    checkSendOrder(history, findings);
  }

  private static Map<String, Operation> indexSends(PairedHistory history, Findings findings) {
    Map<String, Operation> sends = new HashMap<>();
    for (Operation send : history.operations(OpFunction.SEND)) {
      String value = send.invoke().value();
      if (value == null) {
        findings.add(Anomaly.MALFORMED_HISTORY, "send without value: " + send.describe());
      } else if (sends.putIfAbsent(value, send) != null) {
        findings.add(Anomaly.MALFORMED_HISTORY, "value '" + value + "' sent twice: "
            + sends.get(value).describe() + " and " + send.describe());
      }
    }
    return sends;
  }

  private static void checkPositions(Observations seen, Findings findings) {
    seen.byPosition().entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .sorted(Map.Entry.comparingByKey(
            java.util.Comparator.comparingInt(Position::partition).thenComparingLong(Position::offset)))
        .forEach(e -> findings.add(Anomaly.INCONSISTENT_OFFSET, e.getKey() + " holds " + e.getValue().entrySet()
            .stream().map(v -> "'" + v.getKey() + "' (" + v.getValue() + ")").collect(Collectors.joining(", "))));
  }

  private static void checkValues(Observations seen, Map<String, Operation> sends, Findings findings) {
    seen.byValue().entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> findings.add(Anomaly.DUPLICATE, "'" + e.getKey() + "' at " + e.getValue().entrySet()
            .stream().map(p -> p.getKey() + " (" + p.getValue() + ")").collect(Collectors.joining(", "))));
    seen.readValues().stream()
        .filter(v -> !sends.containsKey(v))
        .sorted()
        .forEach(v -> findings.add(Anomaly.NEVER_WRITTEN, "'" + v + "' read at " + seen.byValue().get(v)));
  }

  private static void checkAckedWriteVisible(Operation send, Observations seen, Findings findings) {
    String value = send.invoke().value();
    if (seen.finallyRead(value)) {
      return;
    }
    Integer partition = send.partition();
    Long offset = send.completion().offset();
    long reached = partition == null ? -1 : seen.finalReadEnd(partition);
    boolean covered = offset == null ? reached > 0 : reached > offset;
    String where = partition == null ? "unknown partition"
        : offset == null ? "p" + partition : new Position(partition, offset).toString();
    if (covered) {
      findings.add(Anomaly.LOST, send.describe() + " acked at " + where + ", final read reached p" + partition
          + "@" + reached + " without it");
    } else {
      findings.add(Anomaly.UNSEEN, send.describe() + " acked at " + where + ", final read "
          + (reached < 0 ? "never read that partition" : "stopped at @" + reached));
    }
  }

  private static void checkSendOrder(PairedHistory history, Findings findings) {
    Map<String, Operation> lastAcked = new HashMap<>();
    Set<String> reported = new HashSet<>();
    for (Operation send : history.operations(OpFunction.SEND)) {
      if (!send.isOk() || send.partition() == null || send.completion().offset() == null) {
        continue;
      }
      String key = send.invoke().process() + " p" + send.partition();
      Operation previous = lastAcked.put(key, send);
      if (previous != null && send.completion().offset() <= previous.completion().offset()
          && reported.add(send.invoke().value())) {
        findings.add(Anomaly.NON_MONOTONIC_SEND, key + ": " + send.describe() + " acked at @"
            + send.completion().offset() + " after " + previous.describe() + " acked at @"
            + previous.completion().offset());
      }
    }
  }
}
