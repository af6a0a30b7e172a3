/**
 * The segmented partition log: {@link io.strand.store.log.SegmentedLog} and the pieces it is built from (segments,
 * sparse offset and time indexes, the checkpoint file, retention and append validation). The on-disk format is
 * described in {@code docs/storage-format.md}.
 *
 * <p>A deterministic core: no threads, timers or network code; callers drive it and inject the clock. One writer
 * and many concurrent readers per log.
 *
 * <p>Depends on {@code io.strand.record} (batch format), {@code io.strand.store.error} and its own {@code
 * recovery} subpackage. It must never depend on Ratis, gRPC, the partition state machine or client code.
 */
package io.strand.store.log;
