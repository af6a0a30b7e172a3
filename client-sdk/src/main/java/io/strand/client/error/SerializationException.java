package io.strand.client.error;

/**
 * A key or value could not be serialized or deserialized.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class SerializationException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public SerializationException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
