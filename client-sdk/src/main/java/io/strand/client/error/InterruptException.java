package io.strand.client.error;

/**
 * The calling thread was interrupted while blocked in a client call. As in the Kafka client, the thread's
 * interrupt flag is set again when this is created, so code further up still sees the interrupt.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class InterruptException extends StrandException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception and re-asserts the current thread's interrupt flag.
   *
   * @param what the operation that was interrupted
   * @param cause the interrupt that ended it
   */
  public InterruptException(String what, InterruptedException cause) {
    super(what + " was interrupted", cause);
    Thread.currentThread().interrupt();
  }
}
