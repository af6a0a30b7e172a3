package io.strand.store.error;

import io.strand.api.v1.ErrorCode;
import java.util.Objects;

/**
 * Root of every failure the storage layer reports to its callers. Unchecked, so that storage calls compose with
 * futures and lambdas; each subclass fixes the {@link ErrorCode} a client sees.
 *
 * <p>Instances are immutable and thread-safe.
 */
public abstract class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;

  protected StoreException(ErrorCode errorCode, String message) {
    this(errorCode, message, null);
  }

  protected StoreException(ErrorCode errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
  }

  /** The stable, wire-level code for this failure. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
