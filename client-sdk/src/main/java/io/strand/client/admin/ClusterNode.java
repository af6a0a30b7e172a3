package io.strand.client.admin;

/**
 * One node of the cluster.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param id node id (at least 1)
 * @param host advertised host for clients
 * @param port advertised gRPC port
 * @param raftAddress the node's Raft {@code host:port}
 * @param alive whether the answering node could reach it
 * @param leaderCount partitions (internal ones included) this node leads now
 * @param replicaCount partition replicas this node hosts
 */
public record ClusterNode(int id, String host, int port, String raftAddress, boolean alive, int leaderCount,
                          int replicaCount) {}
