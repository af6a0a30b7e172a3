package io.strand.client.error;

/**
 * The server failed unexpectedly while handling the request. Retriable; if it persists, check the
 * server log.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class UnknownServerException extends RetriableException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public UnknownServerException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public UnknownServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
