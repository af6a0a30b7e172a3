package io.strand.client.error;

/**
 * The topic name is not valid ({@code [a-zA-Z0-9._-]{1,249}}, not starting with {@code __}), or the
 * operation is not allowed on an internal topic.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class InvalidTopicException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public InvalidTopicException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InvalidTopicException(String message, Throwable cause) {
    super(message, cause);
  }
}
