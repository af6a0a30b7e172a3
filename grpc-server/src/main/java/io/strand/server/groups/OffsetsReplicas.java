package io.strand.server.groups;

import io.strand.store.offsets.OffsetsConfig;
import io.strand.store.offsets.OffsetsSnapshotSource;
import io.strand.store.offsets.OffsetsStateMachine;
import io.strand.store.offsets.TopicsView;
import io.strand.store.raft.GroupRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.statemachine.StateMachine;

/**
 * This node's replicas of the {@code __consumer_offsets} partitions: the state machine registry entry Ratis asks
 * when it creates or recovers an offsets group, and the lookup the group service uses to find a local
 * coordinator.
 *
 * <p>Thread-safe.
 */
public final class OffsetsReplicas implements GroupRegistry {

  private final Map<RaftGroupId, Integer> partitionsByGroup = new ConcurrentHashMap<>();
  private final Map<Integer, OffsetsStateMachine> machines = new ConcurrentHashMap<>();
  private final OffsetsConfig config;
  private final TopicsView topics;
  private final OffsetsSnapshotSource snapshotSource;
  private final Clock clock;

  /**
   * @param partitions the configured offsets partition count: the groups this registry recognizes
   */
  public OffsetsReplicas(int partitions, OffsetsConfig config, TopicsView topics,
                         OffsetsSnapshotSource snapshotSource, Clock clock) {
    for (int p = 0; p < partitions; p++) {
      partitionsByGroup.put(OffsetsTopic.groupId(p), p);
    }
    this.config = config;
    this.topics = topics;
    this.snapshotSource = snapshotSource;
    this.clock = clock;
  }

  @Override
  public Optional<StateMachine> stateMachineFor(RaftGroupId id) {
    Integer partition = partitionsByGroup.get(id);
    if (partition == null) {
      return Optional.empty();
    }
    OffsetsStateMachine machine = new OffsetsStateMachine(partition, config, topics, snapshotSource, clock);
    machines.put(partition, machine);
    return Optional.of(machine);
  }

  /** The offsets partition of a Raft group, if it is one. */
  public OptionalInt partitionOf(RaftGroupId id) {
    Integer p = partitionsByGroup.get(id);
    return p == null ? OptionalInt.empty() : OptionalInt.of(p);
  }

  /** The replicas that currently coordinate their partition's groups (this node leads them). */
  public List<OffsetsStateMachine> coordinating() {
    return machines.values().stream().filter(OffsetsStateMachine::isCoordinator).toList();
  }

  /** This node's replica of an offsets partition, if it hosts one. */
  public Optional<OffsetsStateMachine> replica(int partition) {
    return Optional.ofNullable(machines.get(partition));
  }
}
