package io.strand.client.error;

/**
 * An operation did not complete in time. For a produce request the outcome is unknown: the records may
 * or may not have been written (the idempotent producer makes its own retries safe).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class TimeoutException extends RetriableException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public TimeoutException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public TimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
