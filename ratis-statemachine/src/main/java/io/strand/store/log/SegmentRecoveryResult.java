package io.strand.store.log;

import java.util.Optional;

/**
 * Outcome of re-validating one segment's log file.
 *
 * @param validBytes bytes kept: the end of the last valid batch
 * @param nextOffset offset after the last valid batch (the segment's base offset when none was valid)
 * @param batches number of valid batches
 * @param truncatedBytes bytes removed after the last valid batch
 * @param problem why the scan stopped before the end of the file, with position and expected-versus-actual values;
 *     empty when the whole file was valid
 */
public record SegmentRecoveryResult(
    int validBytes, long nextOffset, int batches, long truncatedBytes, Optional<String> problem) {}
