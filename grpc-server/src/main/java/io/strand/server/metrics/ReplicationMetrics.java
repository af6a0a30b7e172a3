package io.strand.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.strand.store.partition.PartitionReplica;
import java.util.Collection;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Node-level replication health, computed at scrape time from the replicas this node hosts, without topic or
 * partition labels (so alerts work with the per-partition meters turned off):
 * {@value #UNDER_REPLICATED} counts the partitions this node leads in which a follower is lagging
 * (see {@link io.strand.store.partition.ReplicationStatus}); only leaders count, so the sum over nodes is the
 * cluster's count. {@value #LEADERLESS} counts hosted replicas that know of no leader. {@value #HELD} counts
 * replicas this node held out at start-up because their data on disk is damaged (they need an operator).
 *
 * <p>Thread-safe.
 */
public final class ReplicationMetrics {
  /** Gauge: partitions led by this node with a lagging follower. */
  public static final String UNDER_REPLICATED = "strand.node.under.replicated.partitions";
  /** Gauge: hosted partition replicas that see no leader. */
  public static final String LEADERLESS = "strand.node.leaderless.partitions";

  /** Gauge: partition replicas held out at start-up because their data on disk is damaged. */
  public static final String HELD = "strand.node.held.replicas";

  private ReplicationMetrics() {}

  /** Registers the gauges over {@code replicas} and {@code heldReplicas}, which are read at every scrape. */
  public static void bind(MeterRegistry registry, Supplier<Collection<? extends PartitionReplica>> replicas,
                          IntSupplier heldReplicas) {
    Gauge.builder(UNDER_REPLICATED, () -> replicas.get().stream()
            .filter(r -> r.replicationStatus().isUnderReplicated()).count())
        .description("partitions this node leads with a lagging follower").register(registry);
    Gauge.builder(LEADERLESS, () -> replicas.get().stream().filter(r -> r.leaderNodeId().isEmpty()).count())
        .description("hosted partition replicas that see no leader").register(registry);
    Gauge.builder(HELD, heldReplicas::getAsInt)
        .description("partition replicas held out at start-up because their data on disk is damaged")
        .register(registry);
  }
}
