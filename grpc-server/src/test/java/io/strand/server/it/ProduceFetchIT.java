package io.strand.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.strand.api.v1.Acks;
import io.strand.api.v1.AlterTopicConfigRequest;
import io.strand.api.v1.CreatePartitionsRequest;
import io.strand.api.v1.CreateTopicRequest;
import io.strand.api.v1.DeleteRecordsPartition;
import io.strand.api.v1.DeleteRecordsRequest;
import io.strand.api.v1.DescribeClusterRequest;
import io.strand.api.v1.DescribeTopicRequest;
import io.strand.api.v1.InitProducerIdRequest;
import io.strand.api.v1.ListTopicsRequest;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchPartition;
import io.strand.api.v1.FetchRequest;
import io.strand.api.v1.FetchResponse;
import io.strand.api.v1.ListOffsetsPartition;
import io.strand.api.v1.ListOffsetsRequest;
import io.strand.api.v1.MetadataRequest;
import io.strand.api.v1.OffsetSpec;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.PartitionProduceResult;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.Record;
import io.strand.api.v1.RecordFormat;
import io.strand.api.v1.StructuredBatch;
import io.strand.api.v1.TopicMetadata;
import io.strand.record.CompressionType;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatchBuilder;
import io.strand.record.RecordBatches;
import io.strand.server.testkit.MiniCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import io.grpc.stub.StreamObserver;
import io.strand.api.v1.FetchServiceGrpc;
import io.strand.api.v1.SubscribeRequest;
import io.strand.api.v1.SubscribeResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProduceFetchIT {

  private static final String TOPIC = "orders";
  private static MiniCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = MiniCluster.builder().nodes(3).start();
    cluster.createTopic(TOPIC, 6, 3);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void metadataShowsSixPartitionsOnThreeReplicasWithLeadersSpread() {
    TopicMetadata topic = cluster.metadata(2).getMetadata(MetadataRequest.newBuilder().addTopics(TOPIC).build())
        .getTopics(0);

    assertThat(topic.getErrorCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
    assertThat(topic.getPartitionsList()).hasSize(6)
        .allSatisfy(p -> assertThat(p.getReplicasList()).containsExactlyInAnyOrder(1, 2, 3));
    assertThat(topic.getPartitionsList().stream().map(p -> p.getReplicas(0)).distinct()).hasSize(3);
  }

  @Test
  void structuredRecordsProducedThroughEveryNodeAreFetchedThroughEveryNode() {
    for (int node : cluster.nodeIds()) {
      for (int p = 0; p < 6; p++) {
        PartitionProduceResult r = produceStructured(node, p, "from-" + node + "-" + p);
        assertThat(r.getError().getCode()).as(r.getError().getMessage()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
        assertThat(r.getBaseOffset()).isGreaterThanOrEqualTo(0);
        assertThat(r.getLeaderId()).isEqualTo(cluster.awaitLeader(TOPIC, p));
      }
    }
    for (int node : cluster.nodeIds()) {
      for (int p = 0; p < 6; p++) {
        FetchResponse response = cluster.fetch(node).fetch(FetchRequest.newBuilder()
            .addPartitions(FetchPartition.newBuilder().setTopic(TOPIC).setPartition(p).setFetchOffset(0)).build());
        var result = response.getResults(0);
        assertThat(result.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
        List<String> values = result.getRecordsList().stream().map(r -> r.getValue().toStringUtf8()).toList();
        assertThat(values).contains("from-1-" + p, "from-2-" + p, "from-3-" + p);
        assertThat(result.getHighWatermark()).isGreaterThanOrEqualTo(3);
        assertThat(result.getNextOffset()).isEqualTo(result.getHighWatermark());
      }
    }
  }

  @Test
  void rawBatchRoundTripsByteIdenticalWithAssignedOffsets() {
    RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.LZ4);
    for (int i = 0; i < 10; i++) {
      builder.append(1_000 + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
          ("v" + i).getBytes(StandardCharsets.UTF_8), List.of());
    }
    var produced = cluster.produce(3).produce(ProduceRequest.newBuilder().setAcks(Acks.ACKS_ALL)
        .addPartitions(PartitionProduceData.newBuilder().setTopic(TOPIC).setPartition(5)
            .setRecordBatch(ByteString.copyFrom(builder.build())))
        .build()).getResults(0);
    assertThat(produced.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);

    var fetched = cluster.fetch(1).fetch(FetchRequest.newBuilder().setFormat(RecordFormat.RECORD_FORMAT_RAW)
        .addPartitions(FetchPartition.newBuilder().setTopic(TOPIC).setPartition(5)
            .setFetchOffset(produced.getBaseOffset())).build()).getResults(0);
    List<RecordBatch> batches = new ArrayList<>();
    RecordBatches.iterate(fetched.getRecordBatches().asReadOnlyByteBuffer()).forEach(batches::add);
    assertThat(batches).isNotEmpty();
    RecordBatch first = batches.get(0);
    first.ensureValid();
    assertThat(first.baseOffset()).isEqualTo(produced.getBaseOffset());
    assertThat(first.compression()).isEqualTo(CompressionType.LZ4);
    assertThat(first.records()).hasSize(10);
    assertThat(first.records().get(9).offset()).isEqualTo(produced.getBaseOffset() + 9);
  }

  @Test
  void listOffsetsEarliestLatestAndByTimestamp() {
    PartitionProduceResult r = produceStructured(2, 4, "timed");
    var results = cluster.fetch(2).listOffsets(ListOffsetsRequest.newBuilder()
        .addPartitions(ListOffsetsPartition.newBuilder().setTopic(TOPIC).setPartition(4)
            .setSpec(OffsetSpec.newBuilder().setEarliest(true)))
        .addPartitions(ListOffsetsPartition.newBuilder().setTopic(TOPIC).setPartition(4)
            .setSpec(OffsetSpec.newBuilder().setLatest(true)))
        .addPartitions(ListOffsetsPartition.newBuilder().setTopic(TOPIC).setPartition(4)
            .setSpec(OffsetSpec.newBuilder().setTimestampMs(Long.MAX_VALUE)))
        .build()).getResultsList();

    assertThat(results.get(0).getOffset()).isZero();
    assertThat(results.get(1).getOffset()).isGreaterThan(r.getBaseOffset());
    assertThat(results.get(2).getOffset()).isEqualTo(-1);
  }

  @Test
  void subscribeStreamsNewRecordsThroughLeaderAndFollowerNodes() throws Exception {
    int partition = 2;
    int leader = cluster.awaitLeader(TOPIC, partition);
    int follower = cluster.nodeIds().stream().filter(n -> n != leader).findFirst().orElseThrow();
    long start = latest(partition);
    BlockingQueue<SubscribeResponse> viaLeader = subscribe(leader, partition, start);
    BlockingQueue<SubscribeResponse> viaFollower = subscribe(follower, partition, start);

    for (int i = 0; i < 5; i++) {
      produceStructured(1 + i % 3, partition, "live-" + i);
    }

    for (BlockingQueue<SubscribeResponse> stream : List.of(viaLeader, viaFollower)) {
      List<String> seen = new ArrayList<>();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        SubscribeResponse next = stream.poll();
        if (next != null) {
          assertThat(next.getResult().getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
          next.getResult().getRecordsList().forEach(r -> seen.add(r.getValue().toStringUtf8()));
        }
        return seen.size() >= 5;
      });
      assertThat(seen).containsExactly("live-0", "live-1", "live-2", "live-3", "live-4");
    }
  }

  @Test
  void longPollFetchWaitsForMaxWaitWithoutDataAndReturnsWhenDataArrives() throws Exception {
    int partition = 3;
    long end = latest(partition);
    FetchRequest poll = FetchRequest.newBuilder().setMaxWaitMs(1000).setMinBytes(1)
        .addPartitions(FetchPartition.newBuilder().setTopic(TOPIC).setPartition(partition).setFetchOffset(end))
        .build();

    long began = System.nanoTime();
    assertThat(cluster.fetch(1).fetch(poll).getResults(0).getRecordsCount()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

    FetchRequest longPoll = poll.toBuilder().setMaxWaitMs(20_000).build();
    for (int node : cluster.nodeIds()) {
      long from = latest(partition);
      FetchRequest request = longPoll.toBuilder().setPartitions(0, longPoll.getPartitions(0).toBuilder()
          .setFetchOffset(from)).build();
      long sent = System.nanoTime();
      CompletableFuture<FetchResponse> pending = CompletableFuture.supplyAsync(() -> cluster.fetch(node)
          .fetch(request));
      CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)
          .execute(() -> produceStructured(node, partition, "wake-" + node));

      var result = pending.get(30, TimeUnit.SECONDS).getResults(0);

      assertThat(result.getRecordsList()).extracting(r -> r.getValue().toStringUtf8()).contains("wake-" + node);
      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void adminOperationsWorkThroughAnyNode() {
    String topic = "admin-ops";
    cluster.admin(2).createTopic(CreateTopicRequest.newBuilder().setName(topic).setPartitions(2)
        .setReplicationFactor(2).build());
    assertThat(cluster.admin(3).listTopics(ListTopicsRequest.getDefaultInstance()).getNamesList()).contains(topic);

    var grown = cluster.admin(3).createPartitions(CreatePartitionsRequest.newBuilder().setName(topic)
        .setTotalPartitions(4).build());
    assertThat(grown.getTopic().getPartitionsList()).hasSize(4);
    for (int p = 0; p < 4; p++) {
      cluster.awaitLeader(topic, p);
    }

    var altered = cluster.admin(1).alterTopicConfig(AlterTopicConfigRequest.newBuilder().setName(topic)
        .putConfigs("retention.ms", "3600000").build());
    assertThat(altered.getTopic().getConfigsMap()).containsEntry("retention.ms", "3600000");

    for (int i = 0; i < 3; i++) {
      assertThat(cluster.produce(1).produce(ProduceRequest.newBuilder().addPartitions(PartitionProduceData
          .newBuilder().setTopic(topic).setPartition(3).setRecords(StructuredBatch.newBuilder()
              .addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8("r" + i))))).build())
          .getResults(0).getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
    }
    var deleted = cluster.admin(2).deleteRecords(DeleteRecordsRequest.newBuilder().addPartitions(
        DeleteRecordsPartition.newBuilder().setTopic(topic).setPartition(3).setBeforeOffset(2)).build());
    assertThat(deleted.getResults(0).getLogStartOffset()).isEqualTo(2);

    var described = cluster.admin(3).describeTopic(DescribeTopicRequest.newBuilder().setName(topic).build());
    assertThat(described.getPartitions(3).getLogStartOffset()).isEqualTo(2);
    assertThat(described.getPartitions(3).getHighWatermark()).isEqualTo(3);
    assertThat(described.getPartitions(3).getMetadata().getLeaderId()).isEqualTo(cluster.awaitLeader(topic, 3));

    var clusterInfo = cluster.admin(1).describeCluster(DescribeClusterRequest.getDefaultInstance());
    assertThat(clusterInfo.getNodesList()).hasSize(3).allSatisfy(n -> assertThat(n.getNode().getAlive()).isTrue());
    assertThat(clusterInfo.getControllerId()).isBetween(1, 3);
    assertThat(clusterInfo.getClusterId()).isNotEmpty();

    long first = cluster.admin(1).initProducerId(InitProducerIdRequest.getDefaultInstance()).getProducerId();
    long second = cluster.admin(2).initProducerId(InitProducerIdRequest.getDefaultInstance()).getProducerId();
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void acksNoneRepliesAtOnceAndTheRecordStillArrives() {
    long before = latest(1);
    var result = cluster.produce(2).produce(ProduceRequest.newBuilder().setAcks(Acks.ACKS_NONE)
        .addPartitions(PartitionProduceData.newBuilder().setTopic(TOPIC).setPartition(1)
            .setRecords(StructuredBatch.newBuilder().addRecords(Record.newBuilder()
                .setValue(ByteString.copyFromUtf8("fire-and-forget"))))).build()).getResults(0);

    assertThat(result.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_NONE);
    assertThat(result.getBaseOffset()).isEqualTo(-1);
    await().atMost(Duration.ofSeconds(20)).until(() -> latest(1) > before);
  }

  private static long latest(int partition) {
    return cluster.fetch(1).listOffsets(ListOffsetsRequest.newBuilder()
        .addPartitions(ListOffsetsPartition.newBuilder().setTopic(TOPIC).setPartition(partition)
            .setSpec(OffsetSpec.newBuilder().setLatest(true))).build()).getResults(0).getOffset();
  }

  private static BlockingQueue<SubscribeResponse> subscribe(int node, int partition, long from) {
    BlockingQueue<SubscribeResponse> received = new LinkedBlockingQueue<>();
    FetchServiceGrpc.newStub(cluster.channel(node)).subscribe(SubscribeRequest.newBuilder()
        .addPartitions(FetchPartition.newBuilder().setTopic(TOPIC).setPartition(partition).setFetchOffset(from))
        .build(), new StreamObserver<>() {
          @Override
          public void onNext(SubscribeResponse value) {
            received.add(value);
          }

          @Override
          public void onError(Throwable t) {
            received.add(SubscribeResponse.newBuilder().setResult(io.strand.api.v1.FetchPartitionResult
                .newBuilder().setError(io.strand.api.v1.PartitionError.newBuilder()
                    .setCode(ErrorCode.ERROR_CODE_UNKNOWN_SERVER_ERROR).setMessage(t.toString()))).build());
          }

          @Override
          public void onCompleted() {
          }
        });
    return received;
  }

  static PartitionProduceResult produceStructured(int node, int partition, String value) {
    return cluster.produce(node).produce(ProduceRequest.newBuilder().setAcks(Acks.ACKS_ALL)
        .addPartitions(PartitionProduceData.newBuilder().setTopic(TOPIC).setPartition(partition)
            .setRecords(StructuredBatch.newBuilder().addRecords(Record.newBuilder()
                .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8(value)))))
        .build()).getResults(0);
  }
}
