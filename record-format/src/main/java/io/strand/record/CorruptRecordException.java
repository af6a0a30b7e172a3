package io.strand.record;

/** A record batch or record failed validation: bad magic, length, CRC, count or encoding. */
public class CorruptRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptRecordException(String message) {
    super(message);
  }

  public CorruptRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
