package io.strand.client.error;

/**
 * The producer's {@code buffer.memory} stayed full for {@code max.block.ms} (or {@code max.block.ms} is
 * 0): {@code send()} gave up instead of waiting longer. Slow down, raise {@code buffer.memory}, or raise {@code
 * max.block.ms}.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class BufferExhaustedException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and, where useful, what to do about it */
  public BufferExhaustedException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public BufferExhaustedException(String message, Throwable cause) {
    super(message, cause);
  }
}
