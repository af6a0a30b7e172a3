package io.strand.server.cluster;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster metadata at one applied index: registered nodes, topics with their placement, the cluster id
 * and the producer-id counter. Each change yields a new image; an image never changes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param clusterId the cluster id, empty until the first node registration commits
 * @param nextProducerId the next producer id to hand out (>= 1)
 * @param nodes registered nodes by id
 * @param topics topics by name
 * @param appliedIndex the metadata log index this image reflects (0 for the empty image)
 */
public record ClusterImage(String clusterId, long nextProducerId, NavigableMap<Integer, NodeRegistration> nodes,
                           NavigableMap<String, TopicInfo> topics, long appliedIndex) {

  public static final ClusterImage EMPTY = new ClusterImage("", 1, new TreeMap<>(), new TreeMap<>(), 0);

  public ClusterImage {
    nodes = Collections.unmodifiableNavigableMap(new TreeMap<>(nodes));
    topics = Collections.unmodifiableNavigableMap(new TreeMap<>(topics));
  }

  public Optional<TopicInfo> topic(String name) {
    return Optional.ofNullable(topics.get(name));
  }

  public Optional<NodeRegistration> node(int nodeId) {
    return Optional.ofNullable(nodes.get(nodeId));
  }

  ClusterImage withNode(NodeRegistration node) {
    NavigableMap<Integer, NodeRegistration> n = new TreeMap<>(nodes);
    n.put(node.nodeId(), node);
    return new ClusterImage(clusterId, nextProducerId, n, topics, appliedIndex);
  }

  ClusterImage withClusterId(String id) {
    return new ClusterImage(id, nextProducerId, nodes, topics, appliedIndex);
  }

  ClusterImage withTopic(TopicInfo topic) {
    NavigableMap<String, TopicInfo> t = new TreeMap<>(topics);
    t.put(topic.name(), topic);
    return new ClusterImage(clusterId, nextProducerId, nodes, t, appliedIndex);
  }

  ClusterImage withoutTopic(String name) {
    NavigableMap<String, TopicInfo> t = new TreeMap<>(topics);
    t.remove(name);
    return new ClusterImage(clusterId, nextProducerId, nodes, t, appliedIndex);
  }

  ClusterImage withNextProducerId(long next) {
    return new ClusterImage(clusterId, next, nodes, topics, appliedIndex);
  }

  ClusterImage atIndex(long index) {
    return new ClusterImage(clusterId, nextProducerId, nodes, topics, index);
  }

  /** Replica counts and preferred-leader counts per node over all topics. */
  Map<Integer, int[]> loadByNode() {
    Map<Integer, int[]> load = new TreeMap<>();
    nodes.keySet().forEach(id -> load.put(id, new int[2]));
    for (TopicInfo t : topics.values()) {
      for (var replicas : t.partitions()) {
        for (int i = 0; i < replicas.size(); i++) {
          int[] l = load.computeIfAbsent(replicas.get(i), k -> new int[2]);
          l[0]++;
          if (i == 0) {
            l[1]++;
          }
        }
      }
    }
    return load;
  }
}
