package io.strand.client.error;

/**
 * Thrown by a blocking consumer call that was interrupted by {@code Consumer.wakeup()}.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class WakeupException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public WakeupException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public WakeupException(String message, Throwable cause) {
    super(message, cause);
  }
}
