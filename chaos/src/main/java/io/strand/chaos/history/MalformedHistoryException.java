package io.strand.chaos.history;

/** A history file line that is not a valid operation; the message names the line and what is wrong. */
public final class MalformedHistoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedHistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
