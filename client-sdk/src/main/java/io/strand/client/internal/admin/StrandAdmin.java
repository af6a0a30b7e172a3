package io.strand.client.internal.admin;

import io.strand.api.v1.AdminServiceGrpc;
import io.strand.api.v1.AlterTopicConfigRequest;
import io.strand.api.v1.CreatePartitionsRequest;
import io.strand.api.v1.CreateTopicRequest;
import io.strand.api.v1.DeleteRecordsPartition;
import io.strand.api.v1.DeleteRecordsPartitionResult;
import io.strand.api.v1.DeleteRecordsRequest;
import io.strand.api.v1.DeleteTopicRequest;
import io.strand.api.v1.DescribeClusterRequest;
import io.strand.api.v1.DescribeTopicRequest;
import io.strand.api.v1.DescribeTopicResponse;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.InitProducerIdRequest;
import io.strand.api.v1.InitProducerIdResponse;
import io.strand.api.v1.ListTopicsRequest;
import io.strand.api.v1.MetadataRequest;
import io.strand.api.v1.MetadataServiceGrpc;
import io.strand.api.v1.NodeDescription;
import io.strand.api.v1.PartitionMetadata;
import io.strand.api.v1.TopicMetadata;
import io.strand.client.TopicPartition;
import io.strand.client.admin.AdminClient;
import io.strand.client.admin.ClusterDescription;
import io.strand.client.admin.ClusterNode;
import io.strand.client.admin.ListedOffset;
import io.strand.client.admin.NewTopic;
import io.strand.client.admin.OffsetSpec;
import io.strand.client.admin.PartitionInfo;
import io.strand.client.admin.TopicDescription;
import io.strand.client.error.UnknownTopicException;
import io.strand.client.internal.Calls;
import io.strand.client.internal.ClientRuntime;
import io.strand.client.internal.Endpoint;
import io.strand.client.internal.ErrorMapper;
import io.strand.client.internal.OffsetLookup;
import io.strand.client.internal.PartitionRequests;
import io.strand.client.internal.PartitionRequests.Outcome;
import io.strand.client.internal.RetryingCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@link AdminClient} implementation: each method is one AdminService (or MetadataService) call to any
 * node, retried by {@link RetryingCall}; offset lookups and record deletion are routed per partition by
 * {@link PartitionRequests}. Also issues producer ids for the idempotent producer.
 *
 * <p>Not API. Thread-safe (stateless apart from the shared runtime).
 */
public final class StrandAdmin implements AdminClient {
  private final ClientRuntime runtime;
  private final RetryingCall retrying;
  private final PartitionRequests partitionRequests;
  private final OffsetLookup offsets;
  private final GroupAdminCalls groups;

  /** @param runtime the client's shared runtime */
  public StrandAdmin(ClientRuntime runtime) {
    this.runtime = runtime;
    this.retrying = new RetryingCall(runtime);
    this.partitionRequests = new PartitionRequests(runtime);
    this.offsets = new OffsetLookup(runtime);
    this.groups = new GroupAdminCalls(runtime);
  }

  @Override
  public CompletableFuture<List<io.strand.client.admin.GroupListing>> listGroups() {
    return groups.list();
  }

  @Override
  public CompletableFuture<io.strand.client.admin.GroupDescription> describeGroup(String groupId) {
    return groups.describe(groupId);
  }

  @Override
  public CompletableFuture<Map<TopicPartition, Long>> resetOffsets(String groupId, String topic,
      io.strand.client.admin.OffsetResetTarget target) {
    return groups.reset(groupId, topic, target);
  }

  @Override
  public CompletableFuture<Void> deleteGroup(String groupId) {
    return groups.delete(groupId);
  }

  private AdminServiceGrpc.AdminServiceStub stub(Endpoint target) {
    return AdminServiceGrpc.newStub(runtime.channels().channel(target))
        .withDeadlineAfter(runtime.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<TopicDescription> createTopic(NewTopic topic) {
    CreateTopicRequest request = CreateTopicRequest.newBuilder().setName(topic.name())
        .setPartitions(topic.partitions()).setReplicationFactor(topic.replicationFactor())
        .putAllConfigs(topic.configs()).build();
    return retrying.run("create topic " + topic.name(),
            target -> Calls.<io.strand.api.v1.CreateTopicResponse>unary(o -> stub(target).createTopic(request, o)))
        .thenApply(r -> describe(r.getTopic(), List.of()));
  }

  @Override
  public CompletableFuture<Void> deleteTopic(String name) {
    DeleteTopicRequest request = DeleteTopicRequest.newBuilder().setName(name).build();
    return retrying.run("delete topic " + name,
            target -> Calls.<io.strand.api.v1.DeleteTopicResponse>unary(o -> stub(target).deleteTopic(request, o)))
        .thenApply(r -> null);
  }

  @Override
  public CompletableFuture<List<String>> listTopics(boolean includeInternal) {
    ListTopicsRequest request = ListTopicsRequest.newBuilder().setIncludeInternal(includeInternal).build();
    return retrying.run("list topics",
            target -> Calls.<io.strand.api.v1.ListTopicsResponse>unary(o -> stub(target).listTopics(request, o)))
        .thenApply(r -> r.getNamesList().stream().sorted().toList());
  }

  @Override
  public CompletableFuture<TopicDescription> describeTopic(String name) {
    DescribeTopicRequest request = DescribeTopicRequest.newBuilder().setName(name).build();
    return retrying.run("describe topic " + name,
            target -> Calls.<DescribeTopicResponse>unary(o -> stub(target).describeTopic(request, o)))
        .thenApply(r -> {
          if (r.getTopic().getErrorCode() == ErrorCode.ERROR_CODE_UNKNOWN_TOPIC) {
            throw new UnknownTopicException("topic '" + name + "' does not exist");
          }
          return describe(r.getTopic(), r.getPartitionsList());
        });
  }

  @Override
  public CompletableFuture<TopicDescription> createPartitions(String name, int totalPartitions) {
    CreatePartitionsRequest request =
        CreatePartitionsRequest.newBuilder().setName(name).setTotalPartitions(totalPartitions).build();
    return retrying.run("add partitions to " + name,
            target -> Calls.<io.strand.api.v1.CreatePartitionsResponse>unary(
                o -> stub(target).createPartitions(request, o)))
        .thenApply(r -> describe(r.getTopic(), List.of()));
  }

  @Override
  public CompletableFuture<Map<String, String>> alterTopicConfig(String name, Map<String, String> configs) {
    AlterTopicConfigRequest request = AlterTopicConfigRequest.newBuilder().setName(name).putAllConfigs(configs).build();
    return retrying.run("alter config of " + name,
            target -> Calls.<io.strand.api.v1.AlterTopicConfigResponse>unary(
                o -> stub(target).alterTopicConfig(request, o)))
        .thenApply(r -> Map.copyOf(r.getTopic().getConfigsMap()));
  }

  @Override
  public CompletableFuture<Map<String, String>> describeTopicConfig(String name) {
    MetadataRequest request = MetadataRequest.newBuilder().addTopics(name).setIncludeInternal(true).build();
    return retrying.run("describe config of " + name,
            target -> Calls.<io.strand.api.v1.MetadataResponse>unary(
                o -> MetadataServiceGrpc.newStub(runtime.channels().channel(target))
                    .withDeadlineAfter(runtime.config().requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .getMetadata(request, o)))
        .thenApply(r -> r.getTopicsList().stream()
            .filter(t -> t.getName().equals(name) && t.getErrorCode() == ErrorCode.ERROR_CODE_NONE)
            .findFirst()
            .map(t -> Map.copyOf(t.getConfigsMap()))
            .orElseThrow(() -> new UnknownTopicException("topic '" + name + "' does not exist")));
  }

  @Override
  public CompletableFuture<Map<TopicPartition, ListedOffset>> listOffsets(Map<TopicPartition, OffsetSpec> specs) {
    return offsets.lookup(specs);
  }

  @Override
  public CompletableFuture<Map<TopicPartition, Long>> deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
    return partitionRequests.run("delete records", List.copyOf(beforeOffsets.keySet()), false,
        (target, partitions) -> {
          DeleteRecordsRequest.Builder request = DeleteRecordsRequest.newBuilder();
          partitions.forEach(tp -> request.addPartitions(DeleteRecordsPartition.newBuilder().setTopic(tp.topic())
              .setPartition(tp.partition()).setBeforeOffset(beforeOffsets.get(tp))));
          return Calls.<io.strand.api.v1.DeleteRecordsResponse>unary(
                  o -> stub(target).deleteRecords(request.build(), o))
              .thenApply(r -> {
                Map<TopicPartition, Outcome<Long>> out = new HashMap<>();
                for (DeleteRecordsPartitionResult result : r.getResultsList()) {
                  TopicPartition tp = new TopicPartition(result.getTopic(), result.getPartition());
                  out.put(tp, result.getError().getCode() == ErrorCode.ERROR_CODE_NONE
                      ? Outcome.ok(result.getLogStartOffset())
                      : Outcome.failed(ErrorMapper.forPartition(result.getError(), "delete records of " + tp)));
                }
                return out;
              });
        });
  }

  @Override
  public CompletableFuture<ClusterDescription> describeCluster() {
    DescribeClusterRequest request = DescribeClusterRequest.getDefaultInstance();
    return retrying.run("describe cluster",
            target -> Calls.<io.strand.api.v1.DescribeClusterResponse>unary(
                o -> stub(target).describeCluster(request, o)))
        .thenApply(r -> {
          List<ClusterNode> nodes = new ArrayList<>();
          for (NodeDescription n : r.getNodesList()) {
            nodes.add(new ClusterNode(n.getNode().getEndpoint().getNodeId(), n.getNode().getEndpoint().getHost(),
                n.getNode().getEndpoint().getPort(), n.getNode().getRaftAddress(), n.getNode().getAlive(),
                n.getLeaderCount(), n.getReplicaCount()));
          }
          nodes.sort(Comparator.comparingInt(ClusterNode::id));
          return new ClusterDescription(r.getClusterId(), r.getControllerId(), nodes);
        });
  }

  /**
   * Issues a fresh producer id (epoch 0) for an idempotent producer.
   *
   * @return the id and epoch
   */
  public CompletableFuture<InitProducerIdResponse> initProducerId() {
    InitProducerIdRequest request = InitProducerIdRequest.getDefaultInstance();
    return retrying.run("init producer id",
        target -> Calls.<InitProducerIdResponse>unary(o -> stub(target).initProducerId(request, o)));
  }

  private static TopicDescription describe(TopicMetadata topic,
                                           List<io.strand.api.v1.PartitionDescription> described) {
    Map<Integer, io.strand.api.v1.PartitionDescription> byPartition = new HashMap<>();
    described.forEach(d -> byPartition.put(d.getMetadata().getPartition(), d));
    List<PartitionMetadata> metadata = new ArrayList<>(topic.getPartitionsList());
    if (metadata.isEmpty()) {
      described.forEach(d -> metadata.add(d.getMetadata()));
    }
    metadata.sort(Comparator.comparingInt(PartitionMetadata::getPartition));
    List<PartitionInfo> partitions = new ArrayList<>();
    for (PartitionMetadata p : metadata) {
      io.strand.api.v1.PartitionDescription d = byPartition.get(p.getPartition());
      partitions.add(new PartitionInfo(p.getPartition(),
          p.getLeaderId() >= 0 ? OptionalInt.of(p.getLeaderId()) : OptionalInt.empty(), p.getLeaderEpoch(),
          p.getReplicasList(), d == null ? -1 : d.getLogStartOffset(), d == null ? -1 : d.getHighWatermark(),
          d == null ? -1 : d.getSizeBytes()));
    }
    return new TopicDescription(topic.getName(), topic.getTopicId(), topic.getInternal(),
        topic.getReplicationFactor(), partitions, topic.getConfigsMap());
  }
}
