package io.strand.client.error;

/**
 * A node's data directory failed or is full. Retriable: leadership moves to a healthy replica, or the
 * node recovers once space is freed.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class StorageException extends RetriableException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public StorageException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
