package io.strand.client.error;

/**
 * The server rejected the request as malformed or too large (too many bytes or partitions). Not
 * retriable as is.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class InvalidRequestException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public InvalidRequestException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
