/**
 * Opening a partition log after a clean or unclean shutdown ({@link io.strand.store.log.recovery.LogRecovery}):
 * reads the checkpoint, loads flushed segments from their indexes, re-validates every batch of segments past the
 * recovery point or with damaged files, truncates torn or corrupt tails at the last valid batch, rebuilds indexes,
 * and reports what it did ({@link io.strand.store.log.recovery.RecoveryReport}).
 *
 * <p>It runs once per open, single-threaded, before the log is visible to anyone. It depends on the segment
 * classes of {@code io.strand.store.log} (and {@code SegmentedLog.open} calls it); it must never depend on Ratis,
 * the partition state machine or anything above the log.
 */
package io.strand.store.log.recovery;
