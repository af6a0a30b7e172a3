package io.strand.store.raft;

import java.util.Optional;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.statemachine.StateMachine;

/**
 * State machines for the non-partition groups a node hosts (the metadata group, later the offsets group).
 * {@link RaftNode} asks this registry first whenever Ratis needs a state machine for a group id, including for every
 * group directory it recovers at start-up; any id this registry does not claim is treated as a partition group.
 *
 * <p>Implementations must be thread-safe, must answer before {@link RaftNode#start()} returns, and must return a new
 * state machine instance per call.
 */
@FunctionalInterface
public interface GroupRegistry {
  /** A fresh state machine for the group, or empty if the group is not one of this registry's. */
  Optional<StateMachine> stateMachineFor(RaftGroupId id);

  /** A registry that claims no group. */
  static GroupRegistry none() {
    return id -> Optional.empty();
  }
}
