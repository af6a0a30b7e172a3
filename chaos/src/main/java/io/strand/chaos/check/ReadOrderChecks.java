package io.strand.chaos.check;

import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpType;
import io.strand.chaos.history.ReadRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-reader order: each process (consumer or final reader) must read each partition at consecutive offsets.
 * Reading an offset at or below the last one read is {@link Anomaly#NON_MONOTONIC_POLL}; jumping over offsets is
 * {@link Anomaly#POLL_SKIP}. A seek resets the expectation for its partition (to its offset, if it names one);
 * an assign, or a change of the process's member epoch (a rebalance), resets every partition. Strand's offsets are
 * dense (no transactions, no compaction), so consecutive reads must be exactly one apart.
 *
 * <p>Stateless; runs over the history in order.
 */
final class ReadOrderChecks {
  private ReadOrderChecks() {
  }

  static void check(PairedHistory history, Findings findings) {
    Map<String, ReaderState> readers = new HashMap<>();
    for (int i = 0; i < history.ops().size(); i++) {
      Op op = history.ops().get(i);
      ReaderState state = readers.computeIfAbsent(op.process(), p -> new ReaderState());
      switch (op.f()) {
        case ASSIGN -> state.expectedNext.clear();
        case SEEK -> {
          if (op.partition() != null) {
            state.expectedNext.remove(op.partition());
            if (op.offset() != null) {
              state.expectedNext.put(op.partition(), op.offset());
            }
          }
        }
        case POLL, READ_ALL -> {
          if (op.type() == OpType.OK) {
            checkRead(op, i, state, findings);
          }
        }
        default -> {
          // sends, commits and nemesis ops do not move a reader's position
        }
      }
    }
  }

  private static void checkRead(Op op, int index, ReaderState state, Findings findings) {
    if (op.memberEpoch() != null && !Objects.equals(op.memberEpoch(), state.memberEpoch)) {
      state.expectedNext.clear();
      state.memberEpoch = op.memberEpoch();
    }
    for (ReadRecord r : op.records()) {
      Long expected = state.expectedNext.get(r.partition());
      if (expected != null && r.offset() < expected) {
        findings.add(Anomaly.NON_MONOTONIC_POLL, op.process() + " read " + r + " (line " + (index + 1)
            + ") after reading up to p" + r.partition() + "@" + (expected - 1));
      } else if (expected != null && r.offset() > expected) {
        findings.add(Anomaly.POLL_SKIP, op.process() + " read " + r + " (line " + (index + 1)
            + ") but expected p" + r.partition() + "@" + expected + ": skipped " + (r.offset() - expected)
            + " offset(s)");
      }
      state.expectedNext.put(r.partition(), r.offset() + 1);
    }
  }

  /** What one reader should read next, per partition. */
  private static final class ReaderState {
    private final Map<Integer, Long> expectedNext = new HashMap<>();
    private Integer memberEpoch;
  }
}
