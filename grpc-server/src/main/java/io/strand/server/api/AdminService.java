package io.strand.server.api;

import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.AdminServiceGrpc;
import io.strand.api.v1.AlterTopicConfigRequest;
import io.strand.api.v1.AlterTopicConfigResponse;
import io.strand.api.v1.CreatePartitionsRequest;
import io.strand.api.v1.CreatePartitionsResponse;
import io.strand.api.v1.CreateTopicRequest;
import io.strand.api.v1.CreateTopicResponse;
import io.strand.api.v1.DeleteRecordsPartition;
import io.strand.api.v1.DeleteRecordsRequest;
import io.strand.api.v1.DeleteRecordsResponse;
import io.strand.api.v1.DeleteTopicRequest;
import io.strand.api.v1.DeleteTopicResponse;
import io.strand.api.v1.DescribeClusterRequest;
import io.strand.api.v1.DescribeClusterResponse;
import io.strand.api.v1.DescribeTopicRequest;
import io.strand.api.v1.DescribeTopicResponse;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.InitProducerIdRequest;
import io.strand.api.v1.InitProducerIdResponse;
import io.strand.api.v1.ListTopicsRequest;
import io.strand.api.v1.ListTopicsResponse;
import io.strand.api.v1.NodeDescription;
import io.strand.api.v1.PartitionDescription;
import io.strand.api.v1.PartitionMetadata;
import io.strand.internal.proto.AllocateProducerId;
import io.strand.internal.proto.AlterTopicConfig;
import io.strand.internal.proto.CreatePartitions;
import io.strand.internal.proto.CreateTopic;
import io.strand.internal.proto.DeleteTopic;
import io.strand.internal.proto.MetadataCommand;
import io.strand.internal.proto.MetadataResult;
import io.strand.internal.proto.ReplicaState;
import io.strand.server.cluster.ClusterImage;
import io.strand.server.cluster.ClusterMetadata;
import io.strand.server.cluster.MetadataClient;
import io.strand.server.cluster.TopicConfigs;
import io.strand.server.cluster.TopicInfo;
import io.strand.server.cluster.TopicNames;
import io.strand.server.config.ServerConfig;
import io.strand.server.error.GrpcErrors;
import io.strand.server.routing.MetadataSync;
import io.strand.server.routing.RoutedExecution;
import io.strand.store.partition.TopicPartitionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Topic and cluster administration. Writes are metadata commands replicated through the metadata Raft group;
 * the reply is sent once this node has applied the command too, so a following call to the same node sees it.
 *
 * <p>Thread-safe.
 */
public final class AdminService extends AdminServiceGrpc.AdminServiceImplBase {

  private final MetadataClient metadataClient;
  private final ClusterMetadata metadata;
  private final ClusterView view;
  private final TopicConfigs topicConfigs;
  private final RoutedExecution execution;
  private final DescribeOperation describeOperation;
  private final DeleteRecordsOperation deleteRecordsOperation;
  private final RequestLimits limits;
  private final ServerConfig config;
  private final MetadataSync metadataSync;

  public AdminService(MetadataClient metadataClient, ClusterMetadata metadata, ClusterView view,
                      TopicConfigs topicConfigs, RoutedExecution execution, DescribeOperation describeOperation,
                      DeleteRecordsOperation deleteRecordsOperation, RequestLimits limits, ServerConfig config,
                      MetadataSync metadataSync) {
    this.metadataClient = metadataClient;
    this.metadata = metadata;
    this.view = view;
    this.topicConfigs = topicConfigs;
    this.execution = execution;
    this.describeOperation = describeOperation;
    this.deleteRecordsOperation = deleteRecordsOperation;
    this.limits = limits;
    this.config = config;
    this.metadataSync = metadataSync;
  }

  @Override
  public void createTopic(CreateTopicRequest request, StreamObserver<CreateTopicResponse> responses) {
    TopicNames.validate(request.getName(), false).ifPresent(problem -> {
      throw GrpcErrors.exception(ErrorCode.ERROR_CODE_INVALID_TOPIC, problem);
    });
    int partitions = request.getPartitions() == 0 ? config.defaultPartitions() : request.getPartitions();
    int nodes = Math.max(1, metadata.image().nodes().size());
    int rf = request.getReplicationFactor() == 0
        ? Math.min(config.defaultReplicationFactor(), nodes) : request.getReplicationFactor();
    checkConfigs(request.getConfigsMap());
    CreateTopic create = CreateTopic.newBuilder().setName(request.getName()).setPartitions(partitions)
        .setReplicationFactor(rf).putAllConfigs(request.getConfigsMap()).setTopicId(UUID.randomUUID().toString())
        .build();
    submit(MetadataCommand.newBuilder().setCreateTopic(create), responses,
        (result, image) -> CreateTopicResponse.newBuilder().setTopic(topicOf(image, request.getName())).build());
  }

  @Override
  public void deleteTopic(DeleteTopicRequest request, StreamObserver<DeleteTopicResponse> responses) {
    submit(MetadataCommand.newBuilder().setDeleteTopic(DeleteTopic.newBuilder().setName(request.getName())),
        responses, (result, image) -> DeleteTopicResponse.getDefaultInstance());
  }

  @Override
  public void createPartitions(CreatePartitionsRequest request,
                               StreamObserver<CreatePartitionsResponse> responses) {
    submit(MetadataCommand.newBuilder().setCreatePartitions(CreatePartitions.newBuilder()
            .setName(request.getName()).setTotalPartitions(request.getTotalPartitions())), responses,
        (result, image) -> CreatePartitionsResponse.newBuilder().setTopic(topicOf(image, request.getName())).build());
  }

  @Override
  public void alterTopicConfig(AlterTopicConfigRequest request,
                               StreamObserver<AlterTopicConfigResponse> responses) {
    Map<String, String> set = new HashMap<>(request.getConfigsMap());
    set.values().removeIf(String::isEmpty);
    checkConfigs(set);
    submit(MetadataCommand.newBuilder().setAlterTopicConfig(AlterTopicConfig.newBuilder()
            .setName(request.getName()).putAllConfigs(request.getConfigsMap())), responses,
        (result, image) -> AlterTopicConfigResponse.newBuilder().setTopic(topicOf(image, request.getName())).build());
  }

  @Override
  public void initProducerId(InitProducerIdRequest request, StreamObserver<InitProducerIdResponse> responses) {
    submit(MetadataCommand.newBuilder().setAllocateProducerId(AllocateProducerId.getDefaultInstance()), responses,
        (result, image) -> InitProducerIdResponse.newBuilder().setProducerId(result.getProducerId())
            .setProducerEpoch(0).build());
  }

  @Override
  public void listTopics(ListTopicsRequest request, StreamObserver<ListTopicsResponse> responses) {
    afterCatchUp(() -> {
      ListTopicsResponse.Builder b = ListTopicsResponse.newBuilder();
      view.image().topics().values().stream().filter(t -> !t.internal() || request.getIncludeInternal())
          .forEach(t -> b.addNames(t.name()));
      responses.onNext(b.build());
      responses.onCompleted();
    }, responses);
  }

  @Override
  public void describeTopic(DescribeTopicRequest request, StreamObserver<DescribeTopicResponse> responses) {
    afterCatchUp(caughtUp -> describeCurrentTopic(request, responses, caughtUp), responses);
  }

  private void describeCurrentTopic(DescribeTopicRequest request, StreamObserver<DescribeTopicResponse> responses,
                                    boolean caughtUp) {
    TopicInfo topic = view.image().topic(request.getName()).orElseThrow(() -> caughtUp
        ? GrpcErrors.exception(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC, "topic '" + request.getName() + "' does not exist")
        // A node that just (re)started may not have replayed the metadata yet: without the leader's word, a topic
        // missing here is not known to be missing (the chaos harness saw producers give up on UNKNOWN_TOPIC).
        : GrpcErrors.exception(ErrorCode.ERROR_CODE_LEADER_NOT_AVAILABLE, "topic '" + request.getName()
            + "' is not in this node's metadata, which could not be brought up to date with the metadata leader; "
            + "retry"));
    var metadataView = view.topic(topic);
    List<TopicPartitionId> ids = new ArrayList<>();
    for (int p = 0; p < topic.partitionCount(); p++) {
      ids.add(new TopicPartitionId(topic.name(), p));
    }
    execution.run(describeOperation, ids, limits.deadline(0)).whenComplete((states, failure) -> {
      if (failure != null) {
        responses.onError(GrpcErrors.toStatusException(failure));
        return;
      }
      DescribeTopicResponse.Builder b = DescribeTopicResponse.newBuilder().setTopic(metadataView);
      for (int p = 0; p < states.size(); p++) {
        ReplicaState s = states.get(p);
        PartitionMetadata pm = metadataView.getPartitions(p);
        if (s.getError() == ErrorCode.ERROR_CODE_NONE) {
          pm = pm.toBuilder().setLeaderId(s.getLeaderId()).setLeaderEpoch(s.getLeaderEpoch()).build();
        }
        b.addPartitions(PartitionDescription.newBuilder().setMetadata(pm)
            .setLogStartOffset(s.getLogStartOffset()).setHighWatermark(s.getHighWatermark())
            .setSizeBytes(s.getSizeBytes()));
      }
      responses.onNext(b.build());
      responses.onCompleted();
    });
  }

  @Override
  public void deleteRecords(DeleteRecordsRequest request, StreamObserver<DeleteRecordsResponse> responses) {
    limits.checkPartitions(request.getPartitionsList(), p -> p.getTopic() + "-" + p.getPartition());
    for (DeleteRecordsPartition p : request.getPartitionsList()) {
      if (p.getTopic().isEmpty() || p.getPartition() < 0) {
        throw GrpcErrors.exception(ErrorCode.ERROR_CODE_INVALID_REQUEST, "invalid partition '" + p.getTopic()
            + "' " + p.getPartition());
      }
    }
    execution.run(deleteRecordsOperation, request.getPartitionsList(), limits.deadline(0))
        .whenComplete((results, failure) -> {
          if (failure != null) {
            responses.onError(GrpcErrors.toStatusException(failure));
          } else {
            responses.onNext(DeleteRecordsResponse.newBuilder().addAllResults(results).build());
            responses.onCompleted();
          }
        });
  }

  @Override
  public void describeCluster(DescribeClusterRequest request, StreamObserver<DescribeClusterResponse> responses) {
    afterCatchUp(() -> describeCurrentCluster(responses), responses);
  }

  private void describeCurrentCluster(StreamObserver<DescribeClusterResponse> responses) {
    ClusterImage image = view.image();
    Map<Integer, int[]> counts = new HashMap<>();
    for (TopicInfo t : image.topics().values()) {
      for (int p = 0; p < t.partitionCount(); p++) {
        t.replicas(p).forEach(n -> counts.computeIfAbsent(n, k -> new int[2])[0]++);
        int leader = view.partition(t, p).getLeaderId();
        if (leader >= 0) {
          counts.computeIfAbsent(leader, k -> new int[2])[1]++;
        }
      }
    }
    DescribeClusterResponse.Builder b = DescribeClusterResponse.newBuilder().setControllerId(view.controllerId())
        .setClusterId(image.clusterId());
    image.nodes().values().forEach(n -> {
      int[] c = counts.getOrDefault(n.nodeId(), new int[2]);
      b.addNodes(NodeDescription.newBuilder().setNode(view.node(n)).setReplicaCount(c[0]).setLeaderCount(c[1]));
    });
    responses.onNext(b.build());
    responses.onCompleted();
  }

  /**
   * Runs a metadata read once this node has applied everything the metadata leader has (linearizable). Without a
   * reachable metadata leader it answers from the local replica after the deadline-bounded attempt.
   */
  private void afterCatchUp(Runnable read, StreamObserver<?> responses) {
    afterCatchUp(caughtUp -> read.run(), responses);
  }

  /** Like {@link #afterCatchUp(Runnable, StreamObserver)}; the read learns whether the catch-up succeeded. */
  private void afterCatchUp(java.util.function.Consumer<Boolean> read, StreamObserver<?> responses) {
    Deadline deadline = limits.deadline(0);
    metadataSync.catchUp()
        .orTimeout(Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS) / 2), TimeUnit.MILLISECONDS)
        .whenComplete((v, e) -> {
          try {
            read.accept(e == null);
          } catch (RuntimeException failure) {
            responses.onError(GrpcErrors.toStatusException(failure));
          }
        });
  }

  private void checkConfigs(Map<String, String> configs) {
    Optional<String> problem = topicConfigs.validate(configs);
    if (problem.isPresent()) {
      throw GrpcErrors.exception(ErrorCode.ERROR_CODE_INVALID_CONFIG, problem.get());
    }
  }

  private io.strand.api.v1.TopicMetadata topicOf(ClusterImage image, String name) {
    return image.topic(name).map(view::topic).orElseGet(() -> ClusterView.unknownTopic(name));
  }

  /** How a successful command's result becomes the response, given the image that includes it. */
  @FunctionalInterface
  private interface Reply<R> {
    R build(MetadataResult result, ClusterImage image);
  }

  private <R> void submit(MetadataCommand.Builder command, StreamObserver<R> responses, Reply<R> reply) {
    Deadline deadline = limits.deadline(0);
    Duration timeout = Duration.ofMillis(Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS)));
    MetadataCommand stamped = command.setMaxPartitionsPerTopic(config.maxPartitionsPerTopic()).build();
    metadataClient.submit(stamped, timeout)
        .thenCompose(result -> {
          if (result.getError() != ErrorCode.ERROR_CODE_NONE) {
            throw GrpcErrors.exception(result.getError(), result.getMessage());
          }
          return metadata.awaitApplied(result.getAppliedIndex())
              .orTimeout(Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS)), TimeUnit.MILLISECONDS)
              .thenApply(image -> reply.build(result, image));
        })
        .whenComplete((response, failure) -> {
          if (failure != null) {
            responses.onError(GrpcErrors.toStatusException(failure));
          } else {
            responses.onNext(response);
            responses.onCompleted();
          }
        });
  }
}
