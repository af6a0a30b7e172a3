package io.strand.chaos.check;

import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpFunction;
import io.strand.chaos.history.OpType;
import java.util.HashMap;
import java.util.Map;

/**
 * Committed offsets per (group, partition) must never go backwards in real time: if a commit of offset A
 * completed ok before a commit of offset B &lt; A was invoked, and B also completed ok, the group's committed
 * offset regressed ({@link Anomaly#COMMITTED_OFFSET_REGRESSION}). Concurrent commits (overlapping in time) may
 * take effect in either order and are not judged.
 *
 * <p>Stateless; runs over the history in order.
 */
final class CommitChecks {
  private CommitChecks() {
  }

  static void check(PairedHistory history, Findings findings) {
    Map<String, Committed> highestCompleted = new HashMap<>();
    Map<Integer, Committed> floorAtInvoke = new HashMap<>();
    Map<Integer, Operation> byCompletionIndex = new HashMap<>();
    for (Operation commit : history.operations(OpFunction.COMMIT)) {
      if (commit.completionIndex() >= 0) {
        byCompletionIndex.put(commit.completionIndex(), commit);
      }
    }
    for (int i = 0; i < history.ops().size(); i++) {
      Op op = history.ops().get(i);
      if (op.f() != OpFunction.COMMIT || op.partition() == null) {
        continue;
      }
      String key = key(op);
      if (op.type() == OpType.INVOKE) {
        Committed floor = highestCompleted.get(key);
        if (floor != null) {
          floorAtInvoke.put(i, floor);
        }
      } else if (op.type() == OpType.OK && op.offset() != null) {
        Operation commit = byCompletionIndex.get(i);
        if (commit == null) {
          continue;
        }
        Committed floor = floorAtInvoke.get(commit.invokeIndex());
        if (floor != null && op.offset() < floor.offset) {
          findings.add(Anomaly.COMMITTED_OFFSET_REGRESSION, key + ": " + commit.describe() + " committed @"
              + op.offset() + " after " + floor.commit.describe() + " had committed @" + floor.offset);
        }
        Committed current = highestCompleted.get(key);
        if (current == null || op.offset() > current.offset) {
          highestCompleted.put(key, new Committed(op.offset(), commit));
        }
      }
    }
  }

  private static String key(Op op) {
    return "group " + (op.group() == null ? "(none)" : op.group()) + " p" + op.partition();
  }

  private record Committed(long offset, Operation commit) {
  }
}
