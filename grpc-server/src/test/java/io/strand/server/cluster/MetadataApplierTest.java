package io.strand.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.ErrorCode;
import io.strand.internal.proto.AllocateProducerId;
import io.strand.internal.proto.AlterTopicConfig;
import io.strand.internal.proto.CreatePartitions;
import io.strand.internal.proto.CreateTopic;
import io.strand.internal.proto.DeleteTopic;
import io.strand.internal.proto.MetadataCommand;
import io.strand.internal.proto.NodeRecord;
import io.strand.internal.proto.RegisterNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataApplierTest {

  private final MetadataApplier applier = new MetadataApplier(
      configs -> configs.containsKey("bogus") ? Optional.of("unknown config key 'bogus'") : Optional.empty());
  private ClusterImage image;
  private long index;

  @BeforeEach
  void threeRegisteredNodes() {
    image = ClusterImage.EMPTY;
    for (int id = 1; id <= 3; id++) {
      apply(MetadataCommand.newBuilder().setRegisterNode(RegisterNode.newBuilder()
          .setNode(NodeRecord.newBuilder().setNodeId(id).setRaftAddress("h:" + id).setHost("h").setGrpcPort(id))
          .setProposedClusterId("cluster-" + id)).build());
    }
  }

  @Test
  void firstRegistrationFixesTheClusterId() {
    assertThat(image.clusterId()).isEqualTo("cluster-1");
    assertThat(image.nodes()).containsOnlyKeys(1, 2, 3);
    assertThat(image.appliedIndex()).isEqualTo(3);
  }

  @Test
  void createTopicPlacesEveryPartition() {
    var result = apply(createTopic("orders", 6, 3, List.of()));

    assertThat(result.getError()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
    TopicInfo topic = image.topic("orders").orElseThrow();
    assertThat(topic.topicId()).isEqualTo("id-orders");
    assertThat(topic.partitions()).hasSize(6).allSatisfy(r -> assertThat(r).containsExactlyInAnyOrder(1, 2, 3));
  }

  @Test
  void duplicateInvalidNameAndTooHighReplicationFactorFailWithoutChangingTheImage() {
    apply(createTopic("orders", 1, 1, List.of()));
    ClusterImage before = image;

    assertThat(apply(createTopic("orders", 1, 1, List.of())).getError())
        .isEqualTo(ErrorCode.ERROR_CODE_TOPIC_ALREADY_EXISTS);
    assertThat(apply(createTopic("bad name", 1, 1, List.of())).getError())
        .isEqualTo(ErrorCode.ERROR_CODE_INVALID_TOPIC);
    assertThat(apply(createTopic("__internal", 1, 1, List.of())).getError())
        .isEqualTo(ErrorCode.ERROR_CODE_INVALID_TOPIC);
    var tooHigh = apply(createTopic("wide", 1, 4, List.of()));
    assertThat(tooHigh.getError()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_REPLICATION_FACTOR);
    assertThat(tooHigh.getMessage()).contains("replication factor 4").contains("3 node(s) are live");
    assertThat(apply(createTopic("none", 0, 1, List.of())).getError())
        .isEqualTo(ErrorCode.ERROR_CODE_INVALID_PARTITIONS);
    assertThat(image.topics()).isEqualTo(before.topics());
  }

  @Test
  void replicationFactorCountsOnlyNodesTheLeaderSawAlive() {
    var result = apply(createTopic("t", 3, 3, List.of(1, 2)));
    assertThat(result.getError()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_REPLICATION_FACTOR);
    assertThat(result.getMessage()).contains("[1, 2]");

    apply(createTopic("t", 3, 2, List.of(1, 3)));
    assertThat(image.topic("t").orElseThrow().partitions())
        .allSatisfy(r -> assertThat(r).containsExactlyInAnyOrder(1, 3));
  }

  @Test
  void invalidConfigIsRejected() {
    var create = MetadataCommand.newBuilder().setCreateTopic(CreateTopic.newBuilder().setName("t")
        .setPartitions(1).setReplicationFactor(1).setTopicId("x").putConfigs("bogus", "1")).build();

    var result = apply(create);

    assertThat(result.getError()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_CONFIG);
    assertThat(result.getMessage()).contains("bogus");
  }

  @Test
  void alterConfigSetsAndRemovesOverrides() {
    apply(MetadataCommand.newBuilder().setCreateTopic(CreateTopic.newBuilder().setName("t").setPartitions(1)
        .setReplicationFactor(1).setTopicId("x").putConfigs("retention.ms", "10")).build());

    apply(MetadataCommand.newBuilder().setAlterTopicConfig(AlterTopicConfig.newBuilder().setName("t")
        .putConfigs("retention.ms", "").putConfigs("segment.bytes", "1048576")).build());

    assertThat(image.topic("t").orElseThrow().configs()).isEqualTo(Map.of("segment.bytes", "1048576"));
  }

  @Test
  void createPartitionsGrowsOnlyAndKeepsExistingPlacement() {
    apply(createTopic("t", 2, 2, List.of()));
    var existing = image.topic("t").orElseThrow().partitions();

    assertThat(apply(MetadataCommand.newBuilder().setCreatePartitions(CreatePartitions.newBuilder().setName("t")
        .setTotalPartitions(2)).build()).getError()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_PARTITIONS);
    apply(MetadataCommand.newBuilder().setCreatePartitions(CreatePartitions.newBuilder().setName("t")
        .setTotalPartitions(5)).build());

    var grown = image.topic("t").orElseThrow().partitions();
    assertThat(grown).hasSize(5);
    assertThat(grown.subList(0, 2)).isEqualTo(existing);
  }

  @Test
  void deleteTopicRemovesItAndUnknownTopicFails() {
    apply(createTopic("t", 1, 1, List.of()));

    assertThat(apply(delete("t")).getError()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
    assertThat(image.topics()).isEmpty();
    assertThat(apply(delete("t")).getError()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC);
  }

  @Test
  void producerIdsAreHandedOutOnceEach() {
    var alloc = MetadataCommand.newBuilder().setAllocateProducerId(AllocateProducerId.getDefaultInstance()).build();

    assertThat(apply(alloc).getProducerId()).isEqualTo(1);
    assertThat(apply(alloc).getProducerId()).isEqualTo(2);
    assertThat(image.nextProducerId()).isEqualTo(3);
  }

  @Test
  void imageSurvivesAProtoRoundTrip() {
    apply(createTopic("t", 3, 2, List.of()));

    assertThat(ClusterImageCodec.fromProto(ClusterImageCodec.toProto(image), image.appliedIndex()))
        .isEqualTo(image);
  }

  private io.strand.internal.proto.MetadataResult apply(MetadataCommand command) {
    MetadataApplier.Outcome outcome = applier.apply(image, command, ++index);
    image = outcome.image();
    return outcome.result();
  }

  private static MetadataCommand createTopic(String name, int partitions, int rf, List<Integer> live) {
    return MetadataCommand.newBuilder().setCreateTopic(CreateTopic.newBuilder().setName(name)
        .setPartitions(partitions).setReplicationFactor(rf).setTopicId("id-" + name)).addAllLiveNodeIds(live)
        .build();
  }

  private static MetadataCommand delete(String name) {
    return MetadataCommand.newBuilder().setDeleteTopic(DeleteTopic.newBuilder().setName(name)).build();
  }
}
