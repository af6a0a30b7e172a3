package io.strand.client.error;

/**
 * A commit was refused because this consumer is no longer (or not yet again) a member of its group at the epoch it
 * used: it was evicted (session timeout) or the group moved on. Its partitions may already belong to another
 * member, so the offsets were not written; the consumer rejoins on its next {@code poll}.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class CommitFailedException extends StrandException {
  private static final long serialVersionUID = 1L;

  /** @param message what went wrong and what to do about it */
  public CommitFailedException(String message) {
    super(message);
  }
}
