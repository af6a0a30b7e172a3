package io.strand.server.cluster;

import io.strand.store.raft.RaftGroups;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;

/** Identity of the cluster metadata Raft group: a fixed group id over the configured peers. Stateless. */
public final class MetadataGroup {

  /** The same on every node and every start, so a restarted node recovers the group from its directory. */
  public static final RaftGroupId ID =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("strand/cluster-metadata/v1".getBytes(StandardCharsets.UTF_8)));

  private MetadataGroup() {}

  /** The metadata group over the given nodes (id to Raft host:port). */
  public static RaftGroup of(Map<Integer, String> peers) {
    List<RaftPeer> raftPeers = peers.entrySet().stream()
        .map(e -> RaftPeer.newBuilder().setId(RaftGroups.peerId(e.getKey())).setAddress(e.getValue()).build())
        .toList();
    return RaftGroup.valueOf(ID, raftPeers);
  }
}
