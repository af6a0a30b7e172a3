package io.strand.client.error;

/**
 * The batch uses a compression codec the server does not support.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class UnsupportedCompressionException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public UnsupportedCompressionException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public UnsupportedCompressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
