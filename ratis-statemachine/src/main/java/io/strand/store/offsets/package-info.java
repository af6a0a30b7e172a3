/**
 * Consumer groups and committed offsets, stored in the Raft-replicated {@code __consumer_offsets} partitions (see
 * {@code docs/design/offsets.md}).
 *
 * <p>The core is deterministic and single-threaded: {@link io.strand.store.offsets.CoordinatorState} is changed
 * only by applying records ({@code strand.internal.v1.OffsetsRecord}); {@link
 * io.strand.store.offsets.GroupCoordinator} turns requests into records plus responses (KIP-848 style heartbeats
 * with server-side assignment and incremental, revoke-before-assign reconciliation, epoch-fenced offset commits,
 * retention, admin operations) without mutating anything. Around it, the Ratis state machine for one offsets
 * partition and the leader-side runtime that proposes records, tracks sessions and serves linearizable reads.
 *
 * <p>This package owns group and offset state and their records. It must never depend on gRPC, the server module
 * or the client SDK; it may use Ratis, the generated proto messages and {@code io.strand.store} siblings.
 */
package io.strand.store.offsets;
