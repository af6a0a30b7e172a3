package io.strand.client.internal;

import io.strand.api.v1.MetadataResponse;
import io.strand.api.v1.NodeInfo;
import io.strand.api.v1.PartitionMetadata;
import io.strand.api.v1.TopicMetadata;
import io.strand.api.v1.ErrorCode;
import io.strand.client.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable snapshot of what the client knows about the cluster: nodes and the topics it tracks.
 *
 * <p>Not API. Immutable; thread-safe.
 *
 * @param nodes node id → node
 * @param topics topic name → layout, for topics that exist
 * @param unknownTopics topics the last answer said do not exist
 * @param controllerId the metadata leader, or -1
 * @param fetchedAtMs monotonic time of the answer, in milliseconds
 */
public record ClusterView(Map<Integer, NodeView> nodes, Map<String, TopicView> topics, Set<String> unknownTopics,
                          int controllerId, long fetchedAtMs) {

  /** The view before any metadata arrived. */
  public static final ClusterView EMPTY = new ClusterView(Map.of(), Map.of(), Set.of(), -1, Long.MIN_VALUE);

  /** Copies the collections. */
  public ClusterView {
    nodes = Map.copyOf(nodes);
    topics = Map.copyOf(topics);
    unknownTopics = Set.copyOf(unknownTopics);
  }

  /**
   * A node.
   *
   * @param id node id
   * @param endpoint advertised gRPC endpoint
   * @param raftAddress Raft {@code host:port}
   * @param alive whether the answering node could reach it
   */
  public record NodeView(int id, Endpoint endpoint, String raftAddress, boolean alive) {}

  /**
   * One topic's layout.
   *
   * @param name topic name
   * @param topicId id of this incarnation of the topic
   * @param internal whether it is an internal topic
   * @param replicationFactor replicas per partition
   * @param partitions by partition number (index = partition)
   * @param configs topic config overrides
   */
  public record TopicView(String name, String topicId, boolean internal, int replicationFactor,
                          List<PartitionView> partitions, Map<String, String> configs) {
    /** Copies the collections. */
    public TopicView {
      partitions = List.copyOf(partitions);
      configs = Map.copyOf(configs);
    }
  }

  /**
   * One partition's placement.
   *
   * @param partition partition number
   * @param leaderId leader node id, -1 when none is known
   * @param leaderEpoch leader epoch (Raft term), 0 when unknown
   * @param replicas replica node ids, preferred leader first
   */
  public record PartitionView(int partition, int leaderId, long leaderEpoch, List<Integer> replicas) {
    /** Copies the replica list. */
    public PartitionView {
      replicas = List.copyOf(replicas);
    }
  }

  /**
   * Builds a view from a metadata answer.
   *
   * @param response the answer
   * @param nowMs monotonic time now
   * @return the view
   */
  public static ClusterView from(MetadataResponse response, long nowMs) {
    Map<Integer, NodeView> nodes = new HashMap<>();
    for (NodeInfo node : response.getNodesList()) {
      int id = node.getEndpoint().getNodeId();
      nodes.put(id, new NodeView(id, Endpoint.of(node.getEndpoint()), node.getRaftAddress(), node.getAlive()));
    }
    Map<String, TopicView> topics = new HashMap<>();
    Set<String> unknown = new java.util.HashSet<>();
    for (TopicMetadata topic : response.getTopicsList()) {
      if (topic.getErrorCode() == ErrorCode.ERROR_CODE_UNKNOWN_TOPIC) {
        unknown.add(topic.getName());
        continue;
      }
      topics.put(topic.getName(), topicView(topic));
    }
    return new ClusterView(nodes, topics, unknown, response.getControllerId(), nowMs);
  }

  /** @return the client's view of one topic's metadata */
  public static TopicView topicView(TopicMetadata topic) {
    TreeMap<Integer, PartitionView> partitions = new TreeMap<>();
    for (PartitionMetadata p : topic.getPartitionsList()) {
      partitions.put(p.getPartition(),
          new PartitionView(p.getPartition(), p.getLeaderId(), p.getLeaderEpoch(), p.getReplicasList()));
    }
    return new TopicView(topic.getName(), topic.getTopicId(), topic.getInternal(), topic.getReplicationFactor(),
        List.copyOf(partitions.values()), topic.getConfigsMap());
  }

  /** @return the topic's layout, if known */
  public Optional<TopicView> topic(String name) {
    return Optional.ofNullable(topics.get(name));
  }

  /** @return the partition's placement, if known */
  public Optional<PartitionView> partition(TopicPartition tp) {
    TopicView topic = topics.get(tp.topic());
    if (topic == null || tp.partition() >= topic.partitions().size()) {
      return Optional.empty();
    }
    return Optional.of(topic.partitions().get(tp.partition()));
  }

  /** @return the leader's endpoint, if a leader is known and its node is known */
  public Optional<Endpoint> leaderEndpoint(TopicPartition tp) {
    return partition(tp).filter(p -> p.leaderId() >= 0)
        .map(p -> nodes.get(p.leaderId())).map(NodeView::endpoint);
  }

  /**
   * A copy with one partition's leader replaced (from a NOT_LEADER hint), adding the node if the hint
   * carried its endpoint.
   */
  public ClusterView withLeader(TopicPartition tp, int leaderId, long leaderEpoch, Endpoint leaderEndpoint) {
    TopicView topic = topics.get(tp.topic());
    if (topic == null || tp.partition() >= topic.partitions().size()) {
      return this;
    }
    PartitionView old = topic.partitions().get(tp.partition());
    if (leaderEpoch != 0 && old.leaderEpoch() > leaderEpoch) {
      return this;
    }
    List<PartitionView> partitions = new java.util.ArrayList<>(topic.partitions());
    partitions.set(tp.partition(), new PartitionView(tp.partition(), leaderId, leaderEpoch, old.replicas()));
    Map<String, TopicView> newTopics = new HashMap<>(topics);
    newTopics.put(tp.topic(), new TopicView(topic.name(), topic.topicId(), topic.internal(),
        topic.replicationFactor(), partitions, topic.configs()));
    Map<Integer, NodeView> newNodes = nodes;
    if (leaderEndpoint != null && leaderId >= 0 && !nodes.containsKey(leaderId)) {
      newNodes = new HashMap<>(nodes);
      newNodes.put(leaderId, new NodeView(leaderId, leaderEndpoint, "", true));
    }
    return new ClusterView(newNodes, newTopics, unknownTopics, controllerId, fetchedAtMs);
  }
}
