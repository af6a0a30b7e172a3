package io.strand.chaos.check;

import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpFunction;
import io.strand.chaos.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures of a run, for the report and the closing note.
 *
 * @param lines history lines
 * @param operations invocations
 * @param sendsAcked sends that completed ok
 * @param sendsFailed sends that failed definitely
 * @param sendsUnknown sends with unknown outcome (info or no completion)
 * @param unknownSendsSeen unknown-outcome sends whose value was read anyway
 * @param recordsRead records returned by polls and final reads
 * @param faultsByKind nemesis invocations per fault kind (first word of the fault; heals are not counted)
 * @param longestAckGapAfterKill the longest gap between two consecutive acknowledgements of one producer
 *     process that spans a kill (or torn-tail) fault, if there was one: how long producing stalled around a crash
 *     as a client saw it (per producer rather than per partition, because keyless producers stick to one
 *     partition for a while, which would make per-partition gaps look longer than any outage)
 */
public record HistoryStats(
    long lines,
    long operations,
    long sendsAcked,
    long sendsFailed,
    long sendsUnknown,
    long unknownSendsSeen,
    long recordsRead,
    Map<String, Integer> faultsByKind,
    Optional<AckGap> longestAckGapAfterKill) {

  /**
   * A window without acknowledgements for one producer around a fault.
   *
   * @param process the producer process
   * @param gapMs milliseconds between its last ack before the fault and its first ack after it
   * @param fault the fault (nemesis value)
   */
  public record AckGap(String process, long gapMs, String fault) {
  }

  static HistoryStats of(PairedHistory history, Observations seen) {
    long acked = 0;
    long failed = 0;
    long unknown = 0;
    long unknownSeen = 0;
    Map<String, NavigableSet<Long>> ackTimes = new HashMap<>();
    for (Operation send : history.operations(OpFunction.SEND)) {
      OpType outcome = send.outcome();
      if (outcome == OpType.OK) {
        acked++;
        ackTimes.computeIfAbsent(send.invoke().process(), p -> new TreeSet<>()).add(send.completion().timeNs());
      } else if (outcome == OpType.FAIL) {
        failed++;
      } else {
        unknown++;
        if (send.invoke().value() != null && seen.wasRead(send.invoke().value())) {
          unknownSeen++;
        }
      }
    }
    Map<String, Integer> faults = new TreeMap<>();
    List<Op> kills = new ArrayList<>();
    for (Operation op : history.operations(OpFunction.NEMESIS)) {
      String fault = op.invoke().value() == null ? "unknown" : op.invoke().value().trim();
      String kind = fault.split("\\s+", 2)[0];
      if (kind.equals("heal")) {
        continue;
      }
      faults.merge(kind, 1, Integer::sum);
      if (kind.equals("kill") || kind.equals("torn-tail")) {
        kills.add(op.invoke());
      }
    }
    return new HistoryStats(history.ops().size(), history.operations().size(), acked, failed, unknown,
        unknownSeen, seen.recordsRead(), faults, longestGap(kills, ackTimes));
  }

  private static Optional<AckGap> longestGap(List<Op> kills, Map<String, NavigableSet<Long>> ackTimes) {
    AckGap longest = null;
    for (Op kill : kills) {
      for (Map.Entry<String, NavigableSet<Long>> e : ackTimes.entrySet()) {
        Long before = e.getValue().floor(kill.timeNs());
        Long after = e.getValue().higher(kill.timeNs());
        if (before == null || after == null) {
          continue;
        }
        long gapMs = (after - before) / 1_000_000;
        if (longest == null || gapMs > longest.gapMs()) {
          longest = new AckGap(e.getKey(), gapMs, kill.value());
        }
      }
    }
    return Optional.ofNullable(longest);
  }
}
