package io.strand.store.offsets;

import io.strand.store.offsets.assignor.Assignment;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A member's heartbeat (KIP-848's ConsumerGroupHeartbeat): joins with epoch 0, keeps up and acknowledges revocations
 * with its current epoch, leaves with epoch -1.
 *
 * @param groupId the group
 * @param memberId client-generated member id (for example a UUID); never empty
 * @param memberEpoch {@link #JOIN_EPOCH} to join (or rejoin after being fenced), {@link #LEAVE_EPOCH} to leave,
 *     otherwise the epoch of the member's last successful heartbeat
 * @param clientId the client's client.id ("" keeps what the group knows)
 * @param clientHost the client's address ("" keeps what the group knows)
 * @param subscription the member's subscription if it changed or the member joins; empty means unchanged
 * @param sessionTimeoutMs requested session timeout; 0 keeps the current one (the default when joining)
 * @param rebalanceTimeoutMs requested rebalance timeout; 0 keeps the current one (the default when joining)
 * @param ownedPartitions the partitions the member owns right now, if it reports them; reporting ownership without
 *     the revoked partitions is how a member acknowledges a revocation
 */
public record HeartbeatRequest(
    String groupId,
    String memberId,
    int memberEpoch,
    String clientId,
    String clientHost,
    Optional<Subscription> subscription,
    int sessionTimeoutMs,
    int rebalanceTimeoutMs,
    Optional<Assignment> ownedPartitions) {

  /** Epoch of a joining member. */
  public static final int JOIN_EPOCH = 0;
  /** Epoch of a leaving member. */
  public static final int LEAVE_EPOCH = -1;

  public HeartbeatRequest {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(memberId, "memberId");
    clientId = clientId == null ? "" : clientId;
    clientHost = clientHost == null ? "" : clientHost;
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(ownedPartitions, "ownedPartitions");
  }

  /** A join with the given subscription and default timeouts. */
  public static HeartbeatRequest join(String groupId, String memberId, Subscription subscription) {
    return new HeartbeatRequest(groupId, memberId, JOIN_EPOCH, "", "", Optional.of(subscription), 0, 0,
        Optional.of(Assignment.EMPTY));
  }

  /** A plain heartbeat reporting the owned partitions. */
  public static HeartbeatRequest heartbeat(String groupId, String memberId, int epoch, Assignment owned) {
    return new HeartbeatRequest(groupId, memberId, epoch, "", "", Optional.empty(), 0, 0, Optional.of(owned));
  }

  /** A clean leave. */
  public static HeartbeatRequest leave(String groupId, String memberId) {
    return new HeartbeatRequest(groupId, memberId, LEAVE_EPOCH, "", "", Optional.empty(), 0, 0, Optional.empty());
  }

  /** This request with a session timeout. */
  public HeartbeatRequest withSessionTimeoutMs(int ms) {
    return new HeartbeatRequest(groupId, memberId, memberEpoch, clientId, clientHost, subscription, ms,
        rebalanceTimeoutMs, ownedPartitions);
  }

  /** This request with a rebalance timeout. */
  public HeartbeatRequest withRebalanceTimeoutMs(int ms) {
    return new HeartbeatRequest(groupId, memberId, memberEpoch, clientId, clientHost, subscription, sessionTimeoutMs,
        ms, ownedPartitions);
  }

  /**
   * What a member subscribes to.
   *
   * @param topicNames topics by name (need not exist yet)
   * @param topicRegex a java.util.regex pattern matched against whole topic names ("" for none); internal topics
   *     (names starting with "__") never match
   * @param serverAssignor the assignor the member prefers ("" for no preference)
   */
  public record Subscription(List<String> topicNames, String topicRegex, String serverAssignor) {
    public Subscription {
      topicNames = List.copyOf(topicNames);
      topicRegex = topicRegex == null ? "" : topicRegex;
      serverAssignor = serverAssignor == null ? "" : serverAssignor;
    }

    public static Subscription topics(String... names) {
      return new Subscription(List.of(names), "", "");
    }

    public static Subscription pattern(String regex) {
      return new Subscription(List.of(), regex, "");
    }

    public Subscription withAssignor(String assignor) {
      return new Subscription(topicNames, topicRegex, assignor);
    }
  }
}
