package io.strand.client.error;

/**
 * The topic is being deleted; wait until the deletion has finished.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class TopicDeletionInProgressException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public TopicDeletionInProgressException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public TopicDeletionInProgressException(String message, Throwable cause) {
    super(message, cause);
  }
}
