package io.strand.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;

class RaftGroupsTest {
  private static final NodeAddressBook ADDRESSES = id -> id <= 3
      ? Optional.of(new InetSocketAddress("10.0.0." + id, 7071)) : Optional.empty();

  @Test
  void partitionGroupIdsAreDeterministicAndDistinctPerTopicIncarnation() {
    assertThat(RaftGroups.forPartition("abc", 0)).isEqualTo(RaftGroups.forPartition("abc", 0));
    assertThat(RaftGroups.forPartition("abc", 0)).isNotEqualTo(RaftGroups.forPartition("abc", 1));
    assertThat(RaftGroups.forPartition("abc", 0)).isNotEqualTo(RaftGroups.forPartition("abd", 0));
  }

  @Test
  void peerIdsRoundTrip() {
    assertThat(RaftGroups.peerId(12)).isEqualTo(RaftPeerId.valueOf("n12"));
    assertThat(RaftGroups.nodeId(RaftGroups.peerId(12))).hasValue(12);
    assertThat(RaftGroups.nodeId(RaftPeerId.valueOf("other"))).isEmpty();
    assertThat(RaftGroups.nodeId(null)).isEmpty();
  }

  @Test
  void preferredReplicaGetsTheHighestPriority() {
    RaftGroup group = RaftGroups.group(RaftGroups.forPartition("t", 0), List.of(2, 3, 1), ADDRESSES);
    RaftPeer preferred = group.getPeer(RaftGroups.peerId(2));
    assertThat(preferred.getAddress()).isEqualTo("10.0.0.2:7071");
    for (RaftPeer other : List.of(group.getPeer(RaftGroups.peerId(3)), group.getPeer(RaftGroups.peerId(1)))) {
      assertThat(preferred.getPriority()).isGreaterThan(other.getPriority());
    }
  }

  @Test
  void unknownReplicaAddressIsAnError() {
    assertThatThrownBy(() -> RaftGroups.group(RaftGroups.forPartition("t", 0), List.of(1, 9), ADDRESSES))
        .hasMessageContaining("node 9");
  }
}
