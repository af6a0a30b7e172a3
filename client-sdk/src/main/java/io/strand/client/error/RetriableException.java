package io.strand.client.error;

/**
 * A failure that may go away if the same operation is tried again, usually after a short back-off
 * (leader elections, unreachable nodes, timeouts). The producer retries these itself within {@code
 * delivery.timeout.ms}; an application sees one only when that budget is spent.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class RetriableException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public RetriableException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public RetriableException(String message, Throwable cause) {
    super(message, cause);
  }
}
