/**
 * The nemesis: carries out a {@link io.strand.chaos.schedule.FaultPlan} against a running
 * {@link io.strand.chaos.cluster.ProcessCluster} with the fault primitives, resolves targets such as "leader of
 * partition 1" at run time, heals every fault when it ends, and records each injection and heal in the history.
 *
 * <p>May depend on the schedule, the fault primitives, the cluster and the history. Must never depend on the
 * workload or the checker.
 */
package io.strand.chaos.nemesis;
