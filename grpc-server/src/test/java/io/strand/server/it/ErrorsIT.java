package io.strand.server.it;

import static io.strand.server.it.GrpcAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.strand.api.v1.Acks;
import io.strand.api.v1.AlterTopicConfigRequest;
import io.strand.api.v1.CreateTopicRequest;
import io.strand.api.v1.DescribeTopicRequest;
import io.strand.api.v1.DescribeTopicResponse;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchPartition;
import io.strand.api.v1.FetchPartitionResult;
import io.strand.api.v1.FetchRequest;
import io.strand.api.v1.ListOffsetsPartition;
import io.strand.api.v1.ListOffsetsPartitionResult;
import io.strand.api.v1.ListOffsetsRequest;
import io.strand.api.v1.OffsetSpec;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.PartitionProduceResult;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.Record;
import io.strand.api.v1.StructuredBatch;
import io.strand.record.CompressionType;
import io.strand.record.RecordBatchBuilder;
import io.strand.server.config.ServerConfigKeys;
import io.strand.server.testkit.MiniCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Invalid inputs get the documented errors (docs/errors.md). One node is enough for every case here. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ErrorsIT {

  private static final String TOPIC = "small";
  private static MiniCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = MiniCluster.builder().nodes(1)
        .configure(b -> b.maxRequestBytes(1024 * 1024).maxPartitionsPerRequest(10))
        .start();
    cluster.admin(1).createTopic(CreateTopicRequest.newBuilder().setName(TOPIC).setPartitions(2)
        .setReplicationFactor(1).putConfigs("max.message.bytes", "2048").build());
    cluster.awaitLeader(TOPIC, 0);
    cluster.awaitLeader(TOPIC, 1);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void invalidTopicNameIsInvalidArgument() {
    var info = assertFails(() -> cluster.admin(1).createTopic(CreateTopicRequest.newBuilder().setName("no/slash")
        .setPartitions(1).build()), Status.Code.INVALID_ARGUMENT, ErrorCode.ERROR_CODE_INVALID_TOPIC);
    assertThat(info).isNotNull();
    assertFails(() -> cluster.admin(1).createTopic(CreateTopicRequest.newBuilder().setName("__internal")
        .setPartitions(1).build()), Status.Code.INVALID_ARGUMENT, ErrorCode.ERROR_CODE_INVALID_TOPIC);
  }

  @Test
  void internalTopicIsDescribedReadOnlyAndRefusesDataCallsAsInternal() {
    String internal = "__consumer_offsets";
    DescribeTopicResponse described = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> cluster.admin(1).withDeadlineAfter(10, TimeUnit.SECONDS)
                .describeTopic(DescribeTopicRequest.newBuilder().setName(internal).build()),
            d -> d.getPartitionsList().stream().allMatch(p -> p.getMetadata().getLeaderId() == 1));
    assertThat(described.getTopic().getInternal()).isTrue();
    assertThat(described.getPartitionsList()).hasSize(ServerConfigKeys.OFFSETS_PARTITIONS_DEFAULT)
        .allSatisfy(p -> assertThat(List.of(p.getLogStartOffset(), p.getHighWatermark(), p.getSizeBytes()))
            .containsOnly(-1L));

    PartitionProduceResult produced = cluster.produce(1).withDeadlineAfter(10, TimeUnit.SECONDS)
        .produce(ProduceRequest.newBuilder().setAcks(Acks.ACKS_ALL).addPartitions(PartitionProduceData.newBuilder()
            .setTopic(internal).setPartition(0).setRecords(StructuredBatch.newBuilder()
                .addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8("x"))))).build())
        .getResults(0);
    assertThat(produced.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INTERNAL_TOPIC);
    assertThat(produced.getError().getMessage()).contains("internal");
    FetchPartitionResult fetched = cluster.fetch(1).withDeadlineAfter(10, TimeUnit.SECONDS)
        .fetch(FetchRequest.newBuilder().addPartitions(FetchPartition.newBuilder().setTopic(internal).setPartition(1)
            .setFetchOffset(0)).build())
        .getResults(0);
    assertThat(fetched.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INTERNAL_TOPIC);
    ListOffsetsPartitionResult listed = cluster.fetch(1).withDeadlineAfter(10, TimeUnit.SECONDS)
        .listOffsets(ListOffsetsRequest.newBuilder().addPartitions(ListOffsetsPartition.newBuilder()
            .setTopic(internal).setPartition(0).setSpec(OffsetSpec.newBuilder().setLatest(true))).build())
        .getResults(0);
    assertThat(listed.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INTERNAL_TOPIC);
  }

  @Test
  void replicationFactorAboveLiveNodesIsInvalidArgument() {
    assertFails(() -> cluster.admin(1).createTopic(CreateTopicRequest.newBuilder().setName("wide")
            .setPartitions(1).setReplicationFactor(2).build()),
        Status.Code.INVALID_ARGUMENT, ErrorCode.ERROR_CODE_INVALID_REPLICATION_FACTOR);
  }

  @Test
  void invalidConfigAndDuplicateTopicAreRejected() {
    assertFails(() -> cluster.admin(1).createTopic(CreateTopicRequest.newBuilder().setName("cfg").setPartitions(1)
        .putConfigs("retention.ms", "soon").build()), Status.Code.INVALID_ARGUMENT, ErrorCode.ERROR_CODE_INVALID_CONFIG);
    assertFails(() -> cluster.admin(1).createTopic(CreateTopicRequest.newBuilder().setName("cfg").setPartitions(1)
        .putConfigs("no.such.key", "1").build()), Status.Code.INVALID_ARGUMENT, ErrorCode.ERROR_CODE_INVALID_CONFIG);
    assertFails(() -> cluster.admin(1).createTopic(CreateTopicRequest.newBuilder().setName(TOPIC).setPartitions(1)
        .build()), Status.Code.ALREADY_EXISTS, ErrorCode.ERROR_CODE_TOPIC_ALREADY_EXISTS);
  }

  @Test
  void unknownTopicAndPartitionArePerPartitionErrors() {
    assertThat(produce("nope", 0, structured("x")).getError().getCode())
        .isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC);
    assertThat(produce(TOPIC, 7, structured("x")).getError().getCode())
        .isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_PARTITION);
    var fetched = cluster.fetch(1).fetch(FetchRequest.newBuilder().addPartitions(FetchPartition.newBuilder()
        .setTopic("nope").setPartition(0)).build()).getResults(0);
    assertThat(fetched.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_TOPIC);
    assertFails(() -> cluster.admin(1).describeTopic(DescribeTopicRequest.newBuilder().setName("nope").build()),
        Status.Code.NOT_FOUND, ErrorCode.ERROR_CODE_UNKNOWN_TOPIC);
  }

  @Test
  void offsetOutOfRangeCarriesTheValidRange() {
    assertThat(produce(TOPIC, 1, structured("a")).getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);

    var result = cluster.fetch(1).fetch(FetchRequest.newBuilder().addPartitions(FetchPartition.newBuilder()
        .setTopic(TOPIC).setPartition(1).setFetchOffset(1_000_000)).build()).getResults(0);

    assertThat(result.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_OFFSET_OUT_OF_RANGE);
    assertThat(result.getLogStartOffset()).isZero();
    assertThat(result.getHighWatermark()).isGreaterThanOrEqualTo(1);
    assertThat(result.getError().getMessage()).contains("1000000");
  }

  @Test
  void corruptBatchIsRejectedAndNothingIsWritten() {
    ByteBuffer batch = new RecordBatchBuilder(CompressionType.NONE).append(1, null, new byte[] {1, 2, 3}, List.of())
        .build();
    byte[] bytes = new byte[batch.remaining()];
    batch.get(bytes);
    bytes[bytes.length - 1] ^= 0x5a;

    PartitionProduceResult r = produce(TOPIC, 0, PartitionProduceData.newBuilder()
        .setRecordBatch(ByteString.copyFrom(bytes)));

    assertThat(r.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_CORRUPT_BATCH);
    assertThat(r.getError().getMessage()).isNotEmpty();
    assertThat(r.getBaseOffset()).isEqualTo(-1);
  }

  @Test
  void batchAboveMaxMessageBytesIsRecordTooLarge() {
    PartitionProduceResult r = produce(TOPIC, 0, structured("x".repeat(4096)));

    assertThat(r.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_RECORD_TOO_LARGE);
    assertThat(r.getError().getMessage()).contains("max.message.bytes");
  }

  @Test
  void raisingMaxMessageBytesReachesTheReplicaAndLetsTheLargerBatchThrough() {
    cluster.admin(1).createTopic(CreateTopicRequest.newBuilder().setName("roomy").setPartitions(1)
        .setReplicationFactor(1).putConfigs("max.message.bytes", "2048").build());
    cluster.awaitLeader("roomy", 0);
    assertThat(produce("roomy", 0, structured("y".repeat(4096))).getError().getCode())
        .isEqualTo(ErrorCode.ERROR_CODE_RECORD_TOO_LARGE);

    cluster.admin(1).alterTopicConfig(AlterTopicConfigRequest.newBuilder().setName("roomy")
        .putConfigs("max.message.bytes", "65536").build());

    await().atMost(Duration.ofSeconds(20)).until(() -> produce("roomy", 0, structured("y".repeat(4096)))
        .getError().getCode() == ErrorCode.ERROR_CODE_NONE);
  }

  @Test
  void requestLimitsAreEnforced() {
    ProduceRequest.Builder many = ProduceRequest.newBuilder();
    for (int p = 0; p < 11; p++) {
      many.addPartitions(PartitionProduceData.newBuilder().setTopic("t" + p).setRecords(
          StructuredBatch.newBuilder().addRecords(Record.newBuilder())));
    }
    assertFails(() -> cluster.produce(1).produce(many.build()), Status.Code.INVALID_ARGUMENT,
        ErrorCode.ERROR_CODE_TOO_MANY_PARTITIONS);

    ProduceRequest big = ProduceRequest.newBuilder().addPartitions(PartitionProduceData.newBuilder()
        .setTopic(TOPIC).setRecordBatch(ByteString.copyFrom(new byte[1024 * 1024 + 100]))).build();
    assertFails(() -> cluster.produce(1).produce(big), Status.Code.RESOURCE_EXHAUSTED,
        ErrorCode.ERROR_CODE_REQUEST_TOO_LARGE);

    ProduceRequest duplicate = ProduceRequest.newBuilder()
        .addPartitions(PartitionProduceData.newBuilder().setTopic(TOPIC).setPartition(0))
        .addPartitions(PartitionProduceData.newBuilder().setTopic(TOPIC).setPartition(0)).build();
    assertFails(() -> cluster.produce(1).produce(duplicate), Status.Code.INVALID_ARGUMENT,
        ErrorCode.ERROR_CODE_INVALID_REQUEST);
  }

  private static PartitionProduceData.Builder structured(String value) {
    return PartitionProduceData.newBuilder().setRecords(StructuredBatch.newBuilder()
        .addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8(value))));
  }

  private static PartitionProduceResult produce(String topic, int partition, PartitionProduceData.Builder data) {
    return cluster.produce(1).produce(ProduceRequest.newBuilder().setAcks(Acks.ACKS_ALL)
        .addPartitions(data.setTopic(topic).setPartition(partition)).build()).getResults(0);
  }
}
