package io.strand.client.error;

/**
 * A record or batch is larger than a configured limit ({@code max.request.size}, {@code
 * buffer.memory} or the topic's {@code max.message.bytes}).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class RecordTooLargeException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public RecordTooLargeException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public RecordTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
