/**
 * The system under test as separate processes: a {@link io.strand.chaos.cluster.ProcessCluster} of Strand nodes,
 * each a JVM started through the real {@code bin/strand server} entry point with its own data directory and
 * ports (and, with namespaces, its own network stack), plus a metadata probe that asks the cluster who leads a
 * partition over the public gRPC API.
 *
 * <p>May depend on the fault primitives and the generated strand.v1 stubs. Must never depend on the server's
 * internals (grpc-server, ratis-statemachine): the cluster is a black box reached only through processes,
 * signals, files and the public API.
 */
package io.strand.chaos.cluster;
