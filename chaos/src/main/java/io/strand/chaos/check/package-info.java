/**
 * The history checker: finds the anomalies Jepsen's Kafka workload looks for (lost, duplicate, inconsistent
 * offsets, non-monotonic send and poll, poll skips, committed-offset regressions, unseen writes) in a recorded
 * history, and reports counts, examples and run figures. {@link io.strand.chaos.check.HistoryChecker} is also a
 * command-line program ({@code bin/strand-check}).
 *
 * <p>Depends only on {@code io.strand.chaos.history}. Must never depend on the fault primitives, the cluster
 * launcher or the client SDK: it judges a file, not a live system.
 */
package io.strand.chaos.check;
