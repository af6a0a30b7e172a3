package io.strand.client.error;

/**
 * The requested partition count is not valid (less than 1, above the cluster limit, or not larger than
 * the current count when adding partitions).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class InvalidPartitionsException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public InvalidPartitionsException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InvalidPartitionsException(String message, Throwable cause) {
    super(message, cause);
  }
}
