package io.strand.chaos.fault;

/** A fault could not be injected or undone; the message names the command or file and what happened. */
public final class FaultInjectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FaultInjectionException(String message) {
    super(message);
  }

  public FaultInjectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
