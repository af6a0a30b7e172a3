package io.strand.server.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/** Identity of the cluster metadata Raft group: a fixed group id over the configured peers. Stateless. */
public final class MetadataGroup {

  /** The same on every node and every start, so a restarted node recovers the group from its directory. */
  public static final RaftGroupId ID =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("strand/cluster-metadata/v1".getBytes(StandardCharsets.UTF_8)));

  private MetadataGroup() {}

  /** The metadata group over the given nodes (id to Raft host:port). */
  public static RaftGroup of(Map<Integer, String> peers) {
    List<RaftPeer> raftPeers = peers.entrySet().stream()
        .map(e -> RaftPeer.newBuilder().setId(peerId(e.getKey())).setAddress(e.getValue()).build())
        .toList();
    return RaftGroup.valueOf(ID, raftPeers);
  }

  /** A node's Raft peer id; the same scheme as the partition groups use ("n" + node id). */
  public static RaftPeerId peerId(int nodeId) {
    return RaftPeerId.valueOf("n" + nodeId);
  }

  /** The node id of a peer id made by {@link #peerId(int)}. */
  public static int nodeId(RaftPeerId peerId) {
    String s = peerId.toString();
    if (!s.startsWith("n")) {
      throw new IllegalArgumentException("not a Strand peer id: " + s);
    }
    return Integer.parseInt(s.substring(1));
  }
}
