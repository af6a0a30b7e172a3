package io.strand.client.error;

/**
 * The partition has no leader right now (an election is in progress). Retry after a short back-off.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class LeaderNotAvailableException extends RetriableException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public LeaderNotAvailableException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public LeaderNotAvailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
