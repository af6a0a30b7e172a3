/**
 * The operation history of a chaos run: one {@link io.strand.chaos.history.Op} per line of a JSON-lines file
 * (schema in {@code docs/testing.md}), written concurrently by workload threads and the nemesis and read back by
 * the checker.
 *
 * <p>Owns the schema and its codec only. Must never depend on the checker, the fault primitives, the cluster
 * launcher or the client SDK: a history file is checkable without any of them.
 */
package io.strand.chaos.history;
