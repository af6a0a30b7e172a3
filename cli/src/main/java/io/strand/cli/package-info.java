/**
 * {@code bin/strand}: picocli commands for topic administration, console produce/consume, load tests and
 * {@code strand server}. Client commands use only the public SDK API; the server command composes the
 * grpc-server module. Never used as a library.
 */
package io.strand.cli;
