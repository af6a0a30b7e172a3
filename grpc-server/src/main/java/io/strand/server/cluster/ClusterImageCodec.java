package io.strand.server.cluster;

import io.strand.internal.proto.ClusterImageData;
import io.strand.internal.proto.NodeRecord;
import io.strand.internal.proto.PartitionAssignment;
import io.strand.internal.proto.TopicRecord;
import java.util.List;
import java.util.TreeMap;

/** Converts the image and its parts to and from the internal protos (log entries, snapshots). Stateless. */
public final class ClusterImageCodec {

  private ClusterImageCodec() {}

  public static ClusterImageData toProto(ClusterImage image) {
    ClusterImageData.Builder b = ClusterImageData.newBuilder()
        .setClusterId(image.clusterId())
        .setNextProducerId(image.nextProducerId());
    image.nodes().values().forEach(n -> b.addNodes(toProto(n)));
    image.topics().values().forEach(t -> b.addTopics(toProto(t)));
    return b.build();
  }

  public static ClusterImage fromProto(ClusterImageData data, long appliedIndex) {
    var nodes = new TreeMap<Integer, NodeRegistration>();
    data.getNodesList().forEach(n -> nodes.put(n.getNodeId(), fromProto(n)));
    var topics = new TreeMap<String, TopicInfo>();
    data.getTopicsList().forEach(t -> topics.put(t.getName(), fromProto(t)));
    return new ClusterImage(data.getClusterId(), Math.max(1, data.getNextProducerId()), nodes, topics,
        appliedIndex);
  }

  public static NodeRecord toProto(NodeRegistration n) {
    return NodeRecord.newBuilder().setNodeId(n.nodeId()).setRaftAddress(n.raftAddress()).setHost(n.host())
        .setGrpcPort(n.grpcPort()).build();
  }

  public static NodeRegistration fromProto(NodeRecord n) {
    return new NodeRegistration(n.getNodeId(), n.getRaftAddress(), n.getHost(), n.getGrpcPort());
  }

  public static TopicRecord toProto(TopicInfo t) {
    TopicRecord.Builder b = TopicRecord.newBuilder().setName(t.name()).setTopicId(t.topicId())
        .setReplicationFactor(t.replicationFactor()).putAllConfigs(t.configs()).setInternal(t.internal());
    t.partitions().forEach(r -> b.addPartitions(PartitionAssignment.newBuilder().addAllReplicas(r)));
    return b.build();
  }

  public static TopicInfo fromProto(TopicRecord t) {
    List<List<Integer>> partitions = t.getPartitionsList().stream()
        .map(p -> List.copyOf(p.getReplicasList())).toList();
    return new TopicInfo(t.getName(), t.getTopicId(), t.getReplicationFactor(), t.getConfigsMap(), partitions,
        t.getInternal());
  }
}
