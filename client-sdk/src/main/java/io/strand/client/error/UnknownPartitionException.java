package io.strand.client.error;

/**
 * The topic exists but has no such partition; check the topic's partition count.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class UnknownPartitionException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public UnknownPartitionException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public UnknownPartitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
