package io.strand.client.error;

/**
 * Root of every exception the Strand client throws or completes a future with.
 *
 * <p>Unchecked, as in the Kafka client: callers catch the subtypes they can act on (for example {@link
 * RetriableException}) and let the rest propagate. Messages say what failed and, where the server told us,
 * what to do about it.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class StrandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public StrandException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public StrandException(String message, Throwable cause) {
    super(message, cause);
  }
}
