/**
 * Integration tests of {@code deploy/} with real, external tools: Debian's nginx in front of Strand nodes,
 * Debian's Prometheus loading the alert rules, a Python client generated from the {@code .proto} files, and
 * validation of the compose file and Kubernetes manifests. The helpers here start and stop those tools on free
 * loopback ports, each in its own temporary directory.
 *
 * <p>Every test that needs a tool checks for it first and is skipped (a JUnit assumption, with the Debian package
 * to install in the message) when it is missing; {@code .ci/run} installs them. Test code only: nothing here is
 * used by Strand itself, and nothing may depend on this module.
 */
package io.strand.ops;
