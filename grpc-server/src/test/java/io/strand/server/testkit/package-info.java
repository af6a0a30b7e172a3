/**
 * The in-process cluster harness ({@link io.strand.server.testkit.MiniCluster}) shared by the grpc-server,
 * client-sdk and cli tests through the grpc-server test-jar. Depends only on the server, gRPC and the JDK.
 */
package io.strand.server.testkit;
