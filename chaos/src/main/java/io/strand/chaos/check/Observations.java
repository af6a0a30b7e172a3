package io.strand.chaos.check;

import io.strand.chaos.history.OpFunction;
import io.strand.chaos.history.ReadRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything the history says about where values are: acknowledged send offsets and every record read by polls
 * and the final reader, indexed by position and by value, plus how far the final reader got per partition.
 *
 * <p>Built once from a {@link PairedHistory}; not thread-safe.
 */
final class Observations {
  /** position → value → first source that saw it there. */
  private final Map<Position, Map<String, String>> byPosition = new HashMap<>();
  /** value → position → first source that saw it there. */
  private final Map<String, Map<Position, String>> byValue = new HashMap<>();
  private final Set<String> readValues = new HashSet<>();
  private final Set<String> finalReadValues = new HashSet<>();
  private final Map<Integer, Long> finalReadEnd = new HashMap<>();
  private long recordsRead;

  static Observations of(PairedHistory history) {
    Observations o = new Observations();
    for (Operation op : history.operations()) {
      if (!op.isOk()) {
        continue;
      }
      OpFunction f = op.invoke().f();
      if (f == OpFunction.SEND) {
        Integer partition = op.partition();
        Long offset = op.completion().offset();
        if (partition != null && offset != null) {
          o.add(new Position(partition, offset), op.invoke().value(), "ack to " + op.describe());
        }
      } else if (f == OpFunction.POLL || f == OpFunction.READ_ALL) {
        o.addReads(op, f == OpFunction.READ_ALL);
      }
    }
    return o;
  }

  private void addReads(Operation op, boolean isFinal) {
    long end = -1;
    for (ReadRecord r : op.completion().records()) {
      recordsRead++;
      add(new Position(r.partition(), r.offset()), r.value(), op.describe());
      readValues.add(r.value());
      if (isFinal) {
        finalReadValues.add(r.value());
        end = Math.max(end, r.offset() + 1);
        finalReadEnd.merge(r.partition(), r.offset() + 1, Math::max);
      }
    }
    Integer partition = op.partition();
    if (isFinal && partition != null) {
      long reached = op.completion().offset() != null ? op.completion().offset() : Math.max(end, 0);
      finalReadEnd.merge(partition, reached, Math::max);
    }
  }

  private void add(Position position, String value, String source) {
    byPosition.computeIfAbsent(position, p -> new LinkedHashMap<>()).putIfAbsent(value, source);
    byValue.computeIfAbsent(value, v -> new LinkedHashMap<>()).putIfAbsent(position, source);
  }

  Map<Position, Map<String, String>> byPosition() {
    return byPosition;
  }

  Map<String, Map<Position, String>> byValue() {
    return byValue;
  }

  /** True if any poll or final read returned the value. */
  boolean wasRead(String value) {
    return readValues.contains(value);
  }

  boolean finallyRead(String value) {
    return finalReadValues.contains(value);
  }

  /** The offset the final reader reached in the partition (exclusive), or -1 if it never read it. */
  long finalReadEnd(int partition) {
    return finalReadEnd.getOrDefault(partition, -1L);
  }

  Set<String> readValues() {
    return readValues;
  }

  long recordsRead() {
    return recordsRead;
  }
}
