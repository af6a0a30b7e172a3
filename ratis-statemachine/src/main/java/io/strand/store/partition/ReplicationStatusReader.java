package io.strand.store.partition;

import io.strand.store.raft.RaftGroups;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * Builds a {@link ReplicationStatus} from a Ratis division: the commit index from its Raft log and, on the leader,
 * each follower's acknowledged commit index ({@code getCommitInfos}) and the time since its last response (the
 * leader's role info). Stateless.
 */
final class ReplicationStatusReader {

  private ReplicationStatusReader() {}

  static ReplicationStatus read(RaftServer.Division division, ReplicationStatus.LagLimits limits) {
    DivisionInfo info = division.getInfo();
    long commitIndex = division.getRaftLog().getLastCommittedIndex();
    if (!info.isLeader()) {
      return new ReplicationStatus(false, commitIndex, List.of(), limits);
    }
    Map<RaftPeerId, Long> acknowledged = new HashMap<>();
    for (CommitInfoProto commit : division.getCommitInfos()) {
      acknowledged.put(RaftPeerId.valueOf(commit.getServer().getId()), commit.getCommitIndex());
    }
    List<ReplicationStatus.Follower> followers = new ArrayList<>();
    for (ServerRpcProto follower : info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList()) {
      RaftPeerId peer = RaftPeerId.valueOf(follower.getId().getId());
      OptionalInt nodeId = RaftGroups.nodeId(peer);
      if (nodeId.isPresent() && !peer.equals(division.getId())) {
        followers.add(new ReplicationStatus.Follower(nodeId.getAsInt(), acknowledged.getOrDefault(peer, -1L),
            follower.getLastRpcElapsedTimeMs()));
      }
    }
    return new ReplicationStatus(true, commitIndex, followers, limits);
  }
}
