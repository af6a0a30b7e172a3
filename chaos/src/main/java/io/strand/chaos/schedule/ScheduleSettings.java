package io.strand.chaos.schedule;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the {@link FaultScheduler} draws from.
 *
 * @param seed random seed (printed by the runner, so a plan can be drawn again)
 * @param runDuration total run length
 * @param warmup fault-free time at the start
 * @param finalHeal fault-free time at the end (the healed phase in which every client must finish)
 * @param minFaultDuration shortest fault
 * @param maxFaultDuration longest fault
 * @param minGap shortest healed gap between two faults
 * @param maxGap longest healed gap between two faults
 * @param nodes node ids of the cluster
 * @param partitions partitions of the workload topic (for leader/follower targets)
 * @param kinds fault kinds to use (at least one)
 */
public record ScheduleSettings(
    long seed,
    Duration runDuration,
    Duration warmup,
    Duration finalHeal,
    Duration minFaultDuration,
    Duration maxFaultDuration,
    Duration minGap,
    Duration maxGap,
    List<Integer> nodes,
    int partitions,
    Set<FaultKind> kinds) {

  public ScheduleSettings {
    nodes = List.copyOf(nodes);
    // An EnumSet iterates in declaration order; Set.copyOf would iterate in a per-JVM random order and the
    // same seed would then draw different plans in different JVMs.
    kinds = kinds.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
    if (nodes.size() < 2 || partitions < 1 || kinds.isEmpty()) {
      throw new IllegalArgumentException("need >= 2 nodes, >= 1 partition and >= 1 fault kind; got " + nodes
          + ", " + partitions + ", " + kinds);
    }
    if (minFaultDuration.compareTo(maxFaultDuration) > 0 || minGap.compareTo(maxGap) > 0
        || minFaultDuration.isZero()) {
      throw new IllegalArgumentException("need 0 < minFaultDuration <= maxFaultDuration and minGap <= maxGap");
    }
  }

  /**
   * Defaults for a run of {@code runDuration}: 15 s warm-up, 30 s final heal, faults of 4–12 s with 3–6 s gaps
   * (about four faults a minute, so a three-minute run sees every kind at least once).
   */
  public static ScheduleSettings defaults(long seed, Duration runDuration, List<Integer> nodes, int partitions,
      Set<FaultKind> kinds) {
    return new ScheduleSettings(seed, runDuration, Duration.ofSeconds(15), Duration.ofSeconds(30),
        Duration.ofSeconds(4), Duration.ofSeconds(12), Duration.ofSeconds(3), Duration.ofSeconds(6), nodes,
        partitions, kinds);
  }
}
