package io.strand.client.error;

/**
 * A client configuration value is missing or invalid; the message names the key and the accepted values.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class ConfigException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public ConfigException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
