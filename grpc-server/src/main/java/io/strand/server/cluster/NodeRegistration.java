package io.strand.server.cluster;

/**
 * A node as the metadata group knows it.
 *
 * @param nodeId the node id (>= 1)
 * @param raftAddress host:port of its Raft server
 * @param host advertised gRPC host
 * @param grpcPort advertised gRPC port
 */
public record NodeRegistration(int nodeId, String raftAddress, String host, int grpcPort) {}
