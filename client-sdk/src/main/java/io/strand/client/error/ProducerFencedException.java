package io.strand.client.error;

/**
 * A newer producer epoch was seen for this producer id: this producer instance has been fenced and
 * must be closed.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class ProducerFencedException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public ProducerFencedException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public ProducerFencedException(String message, Throwable cause) {
    super(message, cause);
  }
}
