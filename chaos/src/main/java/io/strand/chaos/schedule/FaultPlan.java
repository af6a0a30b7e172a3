package io.strand.chaos.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The faults of one run, ordered by start time. Its text form ({@link #toString()}: faults joined by
 * {@code "; "}) is printed at the start of every run and accepted back by {@link #parse}, so a run can be replayed
 * exactly (same faults at the same times; targets such as {@code leader:p1} are resolved again at run time).
 *
 * @param faults the faults, sorted by start
 */
public record FaultPlan(List<FaultSpec> faults) {
  public FaultPlan {
    faults = faults.stream().sorted(Comparator.comparing(FaultSpec::start)).toList();
  }

  /** A plan with no faults. */
  public static FaultPlan none() {
    return new FaultPlan(List.of());
  }

  /**
   * Parses faults separated by {@code ;} or newlines and checks that they only name {@code nodes}.
   */
  public static FaultPlan parse(String text, Collection<Integer> nodes) {
    List<FaultSpec> faults = new ArrayList<>();
    for (String part : text.split("[;\\n]")) {
      if (!part.isBlank()) {
        FaultSpec spec = FaultSpec.parse(part);
        spec.validateNodes(nodes);
        faults.add(spec);
      }
    }
    return new FaultPlan(faults);
  }

  /** When the last fault is healed (zero for an empty plan). */
  public Duration end() {
    return faults.stream().map(FaultSpec::end).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
  }

  /** How many faults of each kind, in {@link FaultKind} order. */
  public Map<FaultKind, Integer> countByKind() {
    Map<FaultKind, Integer> counts = new TreeMap<>();
    faults.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
    return counts;
  }

  @Override
  public String toString() {
    return faults.stream().map(FaultSpec::toString).collect(Collectors.joining("; "));
  }
}
