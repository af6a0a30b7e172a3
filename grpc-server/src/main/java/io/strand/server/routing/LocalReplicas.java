package io.strand.server.routing;

import io.strand.store.partition.PartitionReplica;
import io.strand.store.partition.TopicPartitionId;
import java.util.Optional;

/** The partition replicas hosted on this node (in production: the node's RaftNode). Thread-safe. */
@FunctionalInterface
public interface LocalReplicas {
  Optional<PartitionReplica> replica(TopicPartitionId id);
}
