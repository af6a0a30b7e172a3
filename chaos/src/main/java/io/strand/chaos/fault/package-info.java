/**
 * Fault primitives the nemesis combines: process control (kill -9, SIGSTOP/SIGCONT of processes the harness
 * started), per-link network partitions and slow links between nodes in their own network namespaces, a disk
 * that fills up (a small tmpfs under one node's data dir) and a torn tail on a stopped node's newest segment.
 * Everything that changes the host (namespaces, policy-routing rules, qdiscs, mounts) is undone by
 * {@code close()}, registered with a {@link io.strand.chaos.fault.CleanupRegistry} that also runs on JVM
 * shutdown, and left-overs of a crashed harness are removed at the next start.
 *
 * <p>Must never depend on the client SDK, the history or the checker; it acts on the host, not on Strand's API.
 */
package io.strand.chaos.fault;
