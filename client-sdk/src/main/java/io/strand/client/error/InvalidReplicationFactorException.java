package io.strand.client.error;

/**
 * The requested replication factor is less than 1 or larger than the number of live nodes.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class InvalidReplicationFactorException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public InvalidReplicationFactorException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InvalidReplicationFactorException(String message, Throwable cause) {
    super(message, cause);
  }
}
