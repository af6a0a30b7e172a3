package io.strand.chaos;

import io.strand.chaos.schedule.FaultKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one chaos run needs; built from the {@link ChaosRunner} flags.
 *
 * @param duration total run length, including warm-up and the final healed phase (&gt;= 60 s)
 * @param nodes cluster size (3 or 5 are the tested sizes; 2..9 accepted)
 * @param partitions partitions of the workload topic
 * @param producers producer processes
 * @param consumers consumer processes
 * @param sendsPerSecond send rate per producer
 * @param faultKinds the fault mix the scheduler draws from (ignored with an explicit plan)
 * @param seed the seed of the fault schedule and the nemesis' choices
 * @param faultPlan an explicit plan to replay instead of drawing one
 * @param network where the nodes run
 * @param runDir where history, report, node data and logs go
 * @param strandScript {@code bin/strand}
 * @param adoptNetwork set only inside the re-executed runner: the namespaces to use
 */
public record ChaosConfig(
    Duration duration,
    int nodes,
    int partitions,
    int producers,
    int consumers,
    int sendsPerSecond,
    Set<FaultKind> faultKinds,
    long seed,
    Optional<String> faultPlan,
    NetworkMode network,
    Path runDir,
    Path strandScript,
    Optional<String> adoptNetwork) {

  /** Where the nodes run. */
  public enum NetworkMode {
    /** Namespaces when running as root, loopback otherwise. */
    AUTO,
    /** One network namespace per node (root): every fault kind works. */
    NETNS,
    /** All nodes on 127.0.0.1: no partitions or slow links. */
    LOOPBACK
  }

  public ChaosConfig {
    faultKinds = Set.copyOf(faultKinds);
    if (duration.compareTo(Duration.ofSeconds(60)) < 0) {
      throw new IllegalArgumentException("--duration must be at least 60s, got " + duration);
    }
    if (nodes < 2 || nodes > 9) {
      throw new IllegalArgumentException("--nodes must be 2..9 (3 or 5 recommended), got " + nodes);
    }
    if (partitions < 1 || producers < 1 || consumers < 0 || sendsPerSecond < 1) {
      throw new IllegalArgumentException("need --partitions >= 1, --producers >= 1, --consumers >= 0, --rate >= 1");
    }
  }

  /** The replication factor used: 3, or the node count if smaller. */
  public int replicationFactor() {
    return Math.min(3, nodes);
  }
}
