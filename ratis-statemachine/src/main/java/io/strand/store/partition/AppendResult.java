package io.strand.store.partition;

import io.strand.api.v1.ErrorCode;
import java.util.Objects;

/**
 * The outcome of appending one batch. Business rejections (duplicate, sequence gap, fenced epoch, corrupt or too
 * large batch) are results, not exceptions; transient conditions (not leader, timeout, queue full) fail the future
 * with a {@link io.strand.store.error.StoreException} instead.
 *
 * <p>Immutable and thread-safe.
 *
 * @param baseOffset offset of the batch's first record; for DUPLICATE_SEQUENCE the original write's; -1 if rejected
 * @param lastOffset offset of the batch's last record; -1 if rejected
 * @param appendTimeMs the append time the leader stamped, in ms since the epoch; -1 if the batch never reached apply
 * @param logStartOffset the partition's log start offset after the append; -1 if unknown
 * @param error {@link ErrorCode#ERROR_CODE_NONE} on success
 * @param errorMessage detail for a rejection; empty on success
 */
public record AppendResult(long baseOffset, long lastOffset, long appendTimeMs, long logStartOffset,
                           ErrorCode error, String errorMessage) {
  public AppendResult {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(errorMessage, "errorMessage");
  }

  /** A rejection decided before the batch reached the Raft log. */
  public static AppendResult rejected(ErrorCode error, String message) {
    return new AppendResult(-1, -1, -1, -1, error, message);
  }

  /** True if the batch is in the log: freshly appended or recognised as a duplicate of an earlier append. */
  public boolean isPersisted() {
    return error == ErrorCode.ERROR_CODE_NONE || error == ErrorCode.ERROR_CODE_DUPLICATE_SEQUENCE;
  }
}
