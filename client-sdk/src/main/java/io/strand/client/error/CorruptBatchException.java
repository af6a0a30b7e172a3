package io.strand.client.error;

/**
 * A record batch failed validation (bad CRC, length, magic or header), on the server or while the client
 * decoded a fetched batch. Not retriable with the same bytes.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class CorruptBatchException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public CorruptBatchException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public CorruptBatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
