package io.strand.client.error;

/**
 * A node could not be reached or the connection broke mid-call. Retriable: another node or a later
 * attempt may succeed.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class NetworkException extends RetriableException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public NetworkException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public NetworkException(String message, Throwable cause) {
    super(message, cause);
  }
}
