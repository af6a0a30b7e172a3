package io.strand.store.offsets;

import java.io.IOException;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Fetches an offsets partition's state from its leader for a follower that fell behind the leader's purged Raft log
 * (snapshot notification mode). Implemented by the server module over Strand's own RPC: on the leader it answers
 * with {@link OffsetsStateMachine#serveSnapshot()}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface OffsetsSnapshotSource {
  /**
   * Returns the leader's serialized {@code strand.internal.v1.OffsetsSnapshot}.
   *
   * @param groupId the offsets partition's Raft group
   * @param leader the peer to ask
   * @throws IOException if the leader cannot be reached or refuses (the follower retries on the next notification)
   */
  byte[] fetchSnapshot(RaftGroupId groupId, RaftPeerId leader) throws IOException;
}
