/**
 * The Strand node: {@link io.strand.server.StrandNode} is the composition root that builds and wires every
 * long-lived object (Raft node, metadata group, reconciler, gRPC and HTTP endpoints). Sub-packages own the
 * config, cluster metadata, routing, API services, interceptors, metrics and the node-to-node replica service.
 * Nothing here depends on client-sdk or cli.
 */
package io.strand.server;
