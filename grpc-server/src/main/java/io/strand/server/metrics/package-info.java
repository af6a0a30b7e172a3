/**
 * The node's meters: the registry set-up with JVM/process/disk binders and the partition-label switch
 * ({@link io.strand.server.metrics.NodeMetrics}), front-end meters ({@link io.strand.server.metrics.ServerMetrics})
 * and node-level replication health ({@link io.strand.server.metrics.ReplicationMetrics}). docs/metrics.md lists
 * every meter. Depends on Micrometer and on the store's replica view; never on services or routing.
 */
package io.strand.server.metrics;
