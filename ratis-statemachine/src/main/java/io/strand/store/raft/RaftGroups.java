package io.strand.store.raft;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Naming rules for Raft groups and peers: deterministic group ids, node id to peer id mapping, and group membership
 * with leader priorities.
 *
 * <p>Stateless and thread-safe.
 */
public final class RaftGroups {
  private static final String PEER_PREFIX = "n";

  /** Priority of a partition's preferred (first) replica; Ratis moves leadership to the highest priority peer. */
  static final int PREFERRED_LEADER_PRIORITY = 2;
  static final int OTHER_REPLICA_PRIORITY = 1;

  private RaftGroups() {}

  /**
   * The Raft group id of a partition: a name-based (version 3) UUID of the topic id and the partition number. The
   * topic id is the topic's incarnation id, so a deleted and re-created topic never reuses a group id.
   */
  public static RaftGroupId forPartition(String topicId, int partition) {
    Objects.requireNonNull(topicId, "topicId");
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, got " + partition);
    }
    String name = "strand-partition:" + topicId + ":" + partition;
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
  }

  /** The Raft peer id of a node: {@code "n" + nodeId}. */
  public static RaftPeerId peerId(int nodeId) {
    return RaftPeerId.valueOf(PEER_PREFIX + nodeId);
  }

  /** The node id encoded in a peer id made by {@link #peerId(int)}, or empty for null or foreign ids. */
  public static OptionalInt nodeId(RaftPeerId peerId) {
    if (peerId == null) {
      return OptionalInt.empty();
    }
    String text = peerId.toString();
    if (!text.startsWith(PEER_PREFIX)) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(text.substring(PEER_PREFIX.length())));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * A group of the given replicas, in order, the first one preferred as leader (highest priority, so Ratis hands
   * leadership back to it once it has caught up after a failover).
   *
   * @throws IllegalArgumentException if replicas is empty, has duplicates, or a replica has no known address
   */
  public static RaftGroup group(RaftGroupId groupId, List<Integer> replicas, NodeAddressBook addresses) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("a group needs at least one replica");
    }
    if (replicas.stream().distinct().count() != replicas.size()) {
      throw new IllegalArgumentException("replicas must be distinct, got " + replicas);
    }
    List<RaftPeer> peers = new ArrayList<>(replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      int nodeId = replicas.get(i);
      InetSocketAddress address = addresses.raftAddress(nodeId).orElseThrow(() -> new IllegalArgumentException(
          "no Raft address known for node " + nodeId + " (replica of group " + groupId + ")"));
      peers.add(RaftPeer.newBuilder()
          .setId(peerId(nodeId))
          .setAddress(address.getHostString() + ":" + address.getPort())
          .setPriority(i == 0 ? PREFERRED_LEADER_PRIORITY : OTHER_REPLICA_PRIORITY)
          .build());
    }
    return RaftGroup.valueOf(groupId, peers);
  }
}
