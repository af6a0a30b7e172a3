package io.strand.server.error;

import io.strand.api.v1.ErrorCode;

/**
 * A failure of a front-end operation that maps to one {@link ErrorCode} (and through it to a gRPC status). The
 * message says what went wrong and what to do.
 */
public class StrandException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public StrandException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public StrandException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
