/**
 * The chaos harness' entry points: {@link io.strand.chaos.ChaosRunner} ({@code bin/strand-chaos}) parses the flags
 * into a {@link io.strand.chaos.ChaosConfig}, supervises a network-namespace run or runs on loopback, and
 * {@link io.strand.chaos.ChaosRun} wires cluster, workload, nemesis, history and checker for one run.
 *
 * <p>The composition root of the harness: the only package that may depend on every other {@code io.strand.chaos}
 * package. Must never depend on the server's internals (grpc-server, ratis-statemachine) or on the client SDK's
 * internals: the system under test is reached through its processes and public interfaces only.
 */
package io.strand.chaos;
