package io.strand.client.error;

/**
 * A topic config key is unknown or its value is invalid; the message names the key.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class InvalidConfigException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public InvalidConfigException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
