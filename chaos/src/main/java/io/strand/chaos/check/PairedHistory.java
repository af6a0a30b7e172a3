package io.strand.chaos.check;

import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpFunction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A history with every completion matched to its invocation. A completion matches the oldest open invocation of
 * the same process and function, and for sends also of the same value (a producer may have many sends in flight;
 * values are unique). A completion with no open invocation is reported as {@link Anomaly#MALFORMED_HISTORY}.
 *
 * <p>Immutable after construction; not shared between threads.
 */
final class PairedHistory {
  private final List<Op> ops;
  private final List<Operation> operations;

  private PairedHistory(List<Op> ops, List<Operation> operations) {
    this.ops = ops;
    this.operations = operations;
  }

  static PairedHistory pair(List<Op> ops, Findings findings) {
    Map<String, Deque<Integer>> open = new HashMap<>();
    Map<Integer, Integer> completionOf = new HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      String key = pairingKey(op);
      if (!op.type().isCompletion()) {
        open.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(i);
        continue;
      }
      Deque<Integer> candidates = open.get(key);
      if (candidates == null || candidates.isEmpty()) {
        findings.add(Anomaly.MALFORMED_HISTORY, "line " + (i + 1) + ": completion without invocation: " + op);
      } else {
        completionOf.put(candidates.removeFirst(), i);
      }
    }
    List<Operation> operations = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (!op.type().isCompletion()) {
        Integer c = completionOf.get(i);
        operations.add(new Operation(op, c == null ? null : ops.get(c), i, c == null ? -1 : c));
      }
    }
    return new PairedHistory(List.copyOf(ops), List.copyOf(operations));
  }

  private static String pairingKey(Op op) {
    String value = op.f() == OpFunction.SEND && op.value() != null ? op.value() : "";
    return op.process() + '\u0000' + op.f().wireName() + '\u0000' + value;
  }

  /** The raw lines, in history order. */
  List<Op> ops() {
    return ops;
  }

  /** Every invocation with its completion, in invocation order. */
  List<Operation> operations() {
    return operations;
  }

  /** Operations of one function, in invocation order. */
  List<Operation> operations(OpFunction f) {
    return operations.stream().filter(o -> o.invoke().f() == f).toList();
  }

  /** Operations of one function, in completion order (operations without completion last). */
  List<Operation> byCompletion(OpFunction f) {
    return operations(f).stream()
        .sorted(Comparator.comparingInt(o -> o.completionIndex() < 0 ? Integer.MAX_VALUE : o.completionIndex()))
        .toList();
  }
}
