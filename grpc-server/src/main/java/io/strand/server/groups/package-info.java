/**
 * Consumer groups on the node: hosting the {@code __consumer_offsets} partitions (one
 * {@link io.strand.store.offsets.OffsetsStateMachine} per partition), creating that topic at cluster start, the
 * public {@code GroupService} that forwards every call to the group's coordinator, and offsets catch-up over
 * Strand's own RPC. The protocol itself lives in {@code io.strand.store.offsets}. Depends on the store, cluster
 * metadata and routing packages; never on the client SDK or CLI.
 */
package io.strand.server.groups;
