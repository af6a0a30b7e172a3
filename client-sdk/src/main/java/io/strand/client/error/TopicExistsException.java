package io.strand.client.error;

/**
 * A topic with that name already exists.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class TopicExistsException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public TopicExistsException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public TopicExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
