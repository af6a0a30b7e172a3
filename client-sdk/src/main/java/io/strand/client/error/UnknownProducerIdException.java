package io.strand.client.error;

/**
 * The cluster does not know this producer id (it was never issued, or its state was removed).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class UnknownProducerIdException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public UnknownProducerIdException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public UnknownProducerIdException(String message, Throwable cause) {
    super(message, cause);
  }
}
