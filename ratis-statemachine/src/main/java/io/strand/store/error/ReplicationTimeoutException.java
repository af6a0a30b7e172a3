package io.strand.store.error;

import io.strand.api.v1.ErrorCode;

/**
 * A replicated operation did not complete within its timeout. The outcome is unknown: the entry may still commit
 * ({@link ErrorCode#ERROR_CODE_TIMEOUT}; idempotent producers make the retry safe).
 *
 * <p>Immutable and thread-safe.
 */
public final class ReplicationTimeoutException extends StoreException {
  private static final long serialVersionUID = 1L;

  public ReplicationTimeoutException(String message) {
    super(ErrorCode.ERROR_CODE_TIMEOUT, message);
  }
}
