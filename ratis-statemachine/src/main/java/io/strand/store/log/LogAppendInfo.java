package io.strand.store.log;

/**
 * Where an appended batch landed.
 *
 * @param baseOffset offset of the batch's first record
 * @param lastOffset offset of its last record
 * @param maxTimestamp largest record timestamp in the batch (ms since the epoch, -1 if none)
 * @param sizeInBytes bytes the batch occupies in the log, the 12-byte log overhead included
 */
public record LogAppendInfo(long baseOffset, long lastOffset, long maxTimestamp, int sizeInBytes) {}
