package io.strand.server.cluster;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.AlterTopicConfig;
import io.strand.internal.proto.CreatePartitions;
import io.strand.internal.proto.CreateTopic;
import io.strand.internal.proto.MetadataCommand;
import io.strand.internal.proto.MetadataResult;
import io.strand.internal.proto.RegisterNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The deterministic core of the metadata state machine: applies one command to an image and returns the next
 * image plus the caller's result. Business failures (unknown topic, invalid replication factor, ...) become
 * results with an error code and leave the image unchanged; they never throw.
 *
 * <p>Stateless apart from the injected validator; thread-safe.
 */
public final class MetadataApplier {

  /** The image after a command and what the proposer is told. */
  public record Outcome(ClusterImage image, MetadataResult result) {}

  private final TopicConfigValidator configValidator;

  public MetadataApplier(TopicConfigValidator configValidator) {
    this.configValidator = configValidator;
  }

  public Outcome apply(ClusterImage image, MetadataCommand command, long index) {
    Outcome outcome = switch (command.getCommandCase()) {
      case REGISTER_NODE -> registerNode(image, command.getRegisterNode());
      case CREATE_TOPIC -> createTopic(image, command, command.getCreateTopic());
      case DELETE_TOPIC -> deleteTopic(image, command.getDeleteTopic().getName());
      case CREATE_PARTITIONS -> createPartitions(image, command, command.getCreatePartitions());
      case ALTER_TOPIC_CONFIG -> alterConfig(image, command.getAlterTopicConfig());
      case ALLOCATE_PRODUCER_ID -> new Outcome(image.withNextProducerId(image.nextProducerId() + 1),
          MetadataResult.newBuilder().setProducerId(image.nextProducerId()).build());
      case COMMAND_NOT_SET -> fail(image, ErrorCode.ERROR_CODE_INVALID_REQUEST, "empty metadata command");
    };
    return new Outcome(outcome.image().atIndex(index),
        outcome.result().toBuilder().setAppliedIndex(index).build());
  }

  private static Outcome registerNode(ClusterImage image, RegisterNode register) {
    var n = register.getNode();
    ClusterImage next = image.withNode(new NodeRegistration(n.getNodeId(), n.getRaftAddress(), n.getHost(),
        n.getGrpcPort()));
    if (next.clusterId().isEmpty()) {
      next = next.withClusterId(register.getProposedClusterId());
    }
    return new Outcome(next, MetadataResult.getDefaultInstance());
  }

  private Outcome createTopic(ClusterImage image, MetadataCommand command, CreateTopic create) {
    String name = create.getName();
    Optional<String> invalidName = TopicNames.validate(name, create.getInternal());
    if (invalidName.isPresent()) {
      return fail(image, ErrorCode.ERROR_CODE_INVALID_TOPIC, invalidName.get());
    }
    if (image.topics().containsKey(name)) {
      return fail(image, ErrorCode.ERROR_CODE_TOPIC_ALREADY_EXISTS, "topic '" + name + "' already exists");
    }
    Optional<Outcome> badCount = checkPartitionCount(image, command, create.getPartitions(), 0);
    if (badCount.isPresent()) {
      return badCount.get();
    }
    Set<Integer> live = liveNodes(image, command);
    Optional<Outcome> badRf = checkReplicationFactor(image, create.getReplicationFactor(), live);
    if (badRf.isPresent()) {
      return badRf.get();
    }
    Optional<String> badConfig = configValidator.validate(create.getConfigsMap());
    if (badConfig.isPresent()) {
      return fail(image, ErrorCode.ERROR_CODE_INVALID_CONFIG, badConfig.get());
    }
    List<List<Integer>> placement = ReplicaPlacement.assign(image.loadByNode(), live, 0, create.getPartitions(),
        create.getReplicationFactor());
    TopicInfo topic = new TopicInfo(name, create.getTopicId(), create.getReplicationFactor(),
        create.getConfigsMap(), placement, TopicNames.isInternal(name));
    return success(image.withTopic(topic), topic);
  }

  private static Outcome deleteTopic(ClusterImage image, String name) {
    Optional<TopicInfo> topic = image.topic(name);
    if (topic.isEmpty()) {
      return fail(image, ErrorCode.ERROR_CODE_UNKNOWN_TOPIC, "topic '" + name + "' does not exist");
    }
    if (topic.get().internal()) {
      return fail(image, ErrorCode.ERROR_CODE_INTERNAL_TOPIC, "topic '" + name + "' is internal and cannot be"
          + " deleted");
    }
    return new Outcome(image.withoutTopic(name), MetadataResult.getDefaultInstance());
  }

  private Outcome createPartitions(ClusterImage image, MetadataCommand command, CreatePartitions create) {
    Optional<TopicInfo> found = image.topic(create.getName());
    if (found.isEmpty()) {
      return fail(image, ErrorCode.ERROR_CODE_UNKNOWN_TOPIC, "topic '" + create.getName() + "' does not exist");
    }
    TopicInfo topic = found.get();
    int current = topic.partitionCount();
    if (create.getTotalPartitions() <= current) {
      return fail(image, ErrorCode.ERROR_CODE_INVALID_PARTITIONS, "topic '" + topic.name() + "' already has "
          + current + " partitions; the new total must be larger (partitions can only be added)");
    }
    Optional<Outcome> badCount = checkPartitionCount(image, command, create.getTotalPartitions(), current);
    if (badCount.isPresent()) {
      return badCount.get();
    }
    Set<Integer> live = liveNodes(image, command);
    Optional<Outcome> badRf = checkReplicationFactor(image, topic.replicationFactor(), live);
    if (badRf.isPresent()) {
      return badRf.get();
    }
    List<List<Integer>> partitions = new ArrayList<>(topic.partitions());
    partitions.addAll(ReplicaPlacement.assign(image.loadByNode(), live, current,
        create.getTotalPartitions() - current, topic.replicationFactor()));
    TopicInfo grown = new TopicInfo(topic.name(), topic.topicId(), topic.replicationFactor(), topic.configs(),
        partitions, topic.internal());
    return success(image.withTopic(grown), grown);
  }

  private Outcome alterConfig(ClusterImage image, AlterTopicConfig alter) {
    Optional<TopicInfo> found = image.topic(alter.getName());
    if (found.isEmpty()) {
      return fail(image, ErrorCode.ERROR_CODE_UNKNOWN_TOPIC, "topic '" + alter.getName() + "' does not exist");
    }
    TopicInfo topic = found.get();
    Map<String, String> configs = new TreeMap<>(topic.configs());
    alter.getConfigsMap().forEach((k, v) -> {
      if (v.isEmpty()) {
        configs.remove(k);
      } else {
        configs.put(k, v);
      }
    });
    Optional<String> badConfig = configValidator.validate(configs);
    if (badConfig.isPresent()) {
      return fail(image, ErrorCode.ERROR_CODE_INVALID_CONFIG, badConfig.get());
    }
    TopicInfo altered = new TopicInfo(topic.name(), topic.topicId(), topic.replicationFactor(), configs,
        topic.partitions(), topic.internal());
    return success(image.withTopic(altered), altered);
  }

  private static Optional<Outcome> checkPartitionCount(ClusterImage image, MetadataCommand command, int total,
                                                       int current) {
    int max = command.getMaxPartitionsPerTopic();
    if (total < 1 || (max > 0 && total > max)) {
      return Optional.of(fail(image, ErrorCode.ERROR_CODE_INVALID_PARTITIONS, "partition count " + total
          + " is invalid; use 1.." + (max > 0 ? max : Integer.MAX_VALUE)
          + (current > 0 ? " and more than the current " + current : "")));
    }
    return Optional.empty();
  }

  private static Optional<Outcome> checkReplicationFactor(ClusterImage image, int rf, Set<Integer> live) {
    if (rf < 1 || rf > live.size()) {
      return Optional.of(fail(image, ErrorCode.ERROR_CODE_INVALID_REPLICATION_FACTOR, "replication factor " + rf
          + " is invalid: " + live.size() + " node(s) are live " + live + "; use 1.." + live.size()
          + " or start more nodes"));
    }
    return Optional.empty();
  }

  /** The command's live nodes that are registered, or all registered nodes if the command names none. */
  private static Set<Integer> liveNodes(ClusterImage image, MetadataCommand command) {
    Set<Integer> live = new TreeSet<>(image.nodes().keySet());
    if (command.getLiveNodeIdsCount() > 0) {
      live.retainAll(command.getLiveNodeIdsList());
    }
    return live;
  }

  private static Outcome success(ClusterImage image, TopicInfo topic) {
    return new Outcome(image, MetadataResult.newBuilder().setTopic(ClusterImageCodec.toProto(topic)).build());
  }

  private static Outcome fail(ClusterImage image, ErrorCode code, String message) {
    return new Outcome(image, MetadataResult.newBuilder().setError(code).setMessage(message).build());
  }
}
