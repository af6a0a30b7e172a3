package io.strand.client.error;

/**
 * The topic does not exist. Create it first ({@code strand topics create}).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class UnknownTopicException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public UnknownTopicException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public UnknownTopicException(String message, Throwable cause) {
    super(message, cause);
  }
}
