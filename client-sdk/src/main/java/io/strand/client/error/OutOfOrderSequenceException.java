package io.strand.client.error;

/**
 * The server saw a gap in an idempotent producer's sequence numbers for a partition and rejected
 * the batch. The producer handles this itself where it can; an application sees it only when records
 * could not be delivered in order.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class OutOfOrderSequenceException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public OutOfOrderSequenceException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public OutOfOrderSequenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
