package io.strand.client.error;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The node that received a partition call does not lead that partition. Retriable: the client refreshes its
 * metadata (using the leader hint when the server sent one) and sends the call to the leader.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class NotLeaderException extends RetriableException {
  private static final long serialVersionUID = 1L;

  private final int leaderId;
  private final String leaderEndpoint;
  private final long leaderEpoch;

  /**
   * @param message what the server said
   * @param leaderId the leader's node id as the server saw it, or -1 when unknown
   * @param leaderEndpoint the leader's {@code host:port}, or {@code null} when unknown
   * @param leaderEpoch the leader epoch the hint was taken at, or 0 when unknown
   */
  public NotLeaderException(String message, int leaderId, String leaderEndpoint, long leaderEpoch) {
    super(message);
    this.leaderId = leaderId;
    this.leaderEndpoint = leaderEndpoint;
    this.leaderEpoch = leaderEpoch;
  }

  /** @return the hinted leader's node id, if the server knew it */
  public OptionalInt leaderId() {
    return leaderId >= 0 ? OptionalInt.of(leaderId) : OptionalInt.empty();
  }

  /** @return the hinted leader's {@code host:port}, if the server knew it */
  public Optional<String> leaderEndpoint() {
    return Optional.ofNullable(leaderEndpoint);
  }

  /** @return the leader epoch (Raft term of the partition's group) of the hint; 0 when unknown */
  public long leaderEpoch() {
    return leaderEpoch;
  }
}
