package io.strand.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.strand.api.v1.Acks;
import io.strand.api.v1.CommitOffset;
import io.strand.api.v1.CommitOffsetsRequest;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.FetchPartition;
import io.strand.api.v1.FetchRequest;
import io.strand.api.v1.FetchResponse;
import io.strand.api.v1.GroupServiceGrpc;
import io.strand.api.v1.PartitionProduceData;
import io.strand.api.v1.ProduceRequest;
import io.strand.api.v1.Record;
import io.strand.api.v1.RecordFormat;
import io.strand.api.v1.StructuredBatch;
import io.strand.server.testkit.MiniCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a node's {@code /metrics} exports, scraped over HTTP from a real 3-node cluster: per-topic throughput that
 * adds up to what was produced and fetched, request latency buckets, per-partition and Raft meters, JVM and disk
 * binders, under-replication while a follower is down and leaderless replicas without a majority, the partition-label
 * switch, and docs/metrics.md listing exactly the exported strand_ meters.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MetricsEndpointIT {

  private static final Path DOC = Path.of("..", "docs", "metrics.md");
  private static final String TOPIC = "metered";
  private static final int PARTITIONS = 3;
  private static final int BATCHES = 12;
  private static final int RECORDS_PER_BATCH = 5;
  /** Registered on first use only (no rejection or retry happens here). */
  private static final Set<String> LAZY = Set.of("strand_partition_rejected_batches_total",
      "strand_routing_retries_total");
  private static final String GROUP = "metered-readers";
  private static final String LAG = "strand_consumer_group_lag_records";

  @Test
  void exportsThroughputLatencyReplicationAndJvmMetersAsDocumented() throws IOException {
    try (MiniCluster cluster = MiniCluster.builder().nodes(3)
        .configure(b -> b.metricsConsumerLagIntervalMs(200)).start()) {
      cluster.createTopic(TOPIC, PARTITIONS, 3);
      produceThroughNode(cluster, 1);
      long fetched = fetchAllThroughNode(cluster, 2);
      // Partitions 0 and 1 hold 20 records each; the group has read 8 of partition 0 and all of partition 1.
      commit(cluster, 3, Map.of(0, 8L, 1, 20L));
      Awaitility.await("the coordinator exports the group's lag").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<PrometheusScrape> nodes = cluster.nodeIds().stream()
                .map(id -> PrometheusScrape.of(cluster.config(id).metricsPort())).toList();
            assertThat(nodes.stream().filter(s -> !s.labels(LAG).isEmpty()).count()).as("exporting nodes")
                .isEqualTo(1);
            assertThat(nodes.stream().mapToDouble(s -> s.sum(LAG, l -> lagRow(l, "0"))).sum()).isEqualTo(12);
            assertThat(nodes.stream().mapToDouble(s -> s.sum(LAG, l -> lagRow(l, "1"))).sum()).isZero();
            assertThat(nodes.stream().mapToLong(s -> s.labels(LAG).size()).sum()).isEqualTo(2);
          });

      List<PrometheusScrape> scrapes = cluster.nodeIds().stream()
          .map(id -> PrometheusScrape.of(cluster.config(id).metricsPort())).toList();
      double produced = scrapes.stream()
          .mapToDouble(s -> s.sum("strand_topic_produced_records_total", l -> TOPIC.equals(l.get("topic")))).sum();
      double fetchedMetered = scrapes.stream()
          .mapToDouble(s -> s.sum("strand_topic_fetched_records_total", l -> TOPIC.equals(l.get("topic")))).sum();
      PrometheusScrape entry = scrapes.get(0);

      assertThat(produced).isEqualTo(BATCHES * RECORDS_PER_BATCH);
      assertThat(fetched).isEqualTo(BATCHES * RECORDS_PER_BATCH);
      assertThat(fetchedMetered).isGreaterThanOrEqualTo(fetched);
      assertThat(entry.sum("strand_produce_partition_results_total", l -> "NONE".equals(l.get("error"))))
          .isEqualTo(BATCHES);
      assertThat(scrapes.stream().mapToDouble(s -> s.sum("strand_produce_batch_records_sum")).sum())
          .isEqualTo(BATCHES * RECORDS_PER_BATCH);
      assertThat(entry.labels("strand_grpc_server_requests_seconds_bucket"))
          .anySatisfy(l -> assertThat(l).containsEntry("method", "strand.v1.ProduceService/Produce")
              .containsEntry("forwarded", "false").containsEntry("status", "OK").containsKey("le"));
      assertThat(scrapes.stream().mapToDouble(s -> s.sum("strand_raft_leader_elections_total")).sum())
          .isGreaterThanOrEqualTo(1 + PARTITIONS);
      assertThat(scrapes.stream().mapToDouble(s -> s.sum("strand_node_leaders")).sum()).isEqualTo(PARTITIONS);
      assertThat(entry.labels("strand_partition_raft_commit_index"))
          .anySatisfy(l -> assertThat(l).containsEntry("topic", TOPIC).containsKey("partition"));
      assertThat(entry.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
          "process_files_open_files", "disk_free_bytes", "disk_total_bytes", "process_uptime_seconds");
      assertThat(entry.sum("strand_node_ready")).isEqualTo(1);
      assertThat(documentedMetrics()).isEqualTo(exportedStrandMetrics(scrapes));
    }
  }

  @Test
  void countsUnderReplicatedAndLeaderlessPartitionsWhileNodesAreDown() {
    try (MiniCluster cluster = MiniCluster.builder().nodes(3).start()) {
      cluster.createTopic(TOPIC, PARTITIONS, 3);
      assertThat(underReplicated(cluster, List.of(1, 2, 3))).isZero();

      cluster.stop(3);
      produceThroughNode(cluster, 1);

      Awaitility.await("partitions led by nodes 1 and 2 report the missing follower")
          .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> underReplicated(cluster, List.of(1, 2)) == PARTITIONS);

      cluster.restart(3);

      Awaitility.await("node 3 caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> underReplicated(cluster, List.of(1, 2, 3)) == 0);

      cluster.stop(2);
      cluster.stop(3);

      Awaitility.await("node 1's replicas lose their leader without a majority")
          .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> PrometheusScrape.of(cluster.config(1).metricsPort())
              .sum("strand_node_leaderless_partitions") == PARTITIONS);
    }
  }

  @Test
  void partitionLabelsSwitchedOffDropsOnlyThePerPartitionMeters() {
    try (MiniCluster cluster = MiniCluster.builder().nodes(1)
        .configure(b -> b.metricsPartitionLabels(false).metricsConsumerLagIntervalMs(200)).start()) {
      cluster.createTopic(TOPIC, PARTITIONS, 1);
      produceThroughNode(cluster, 1);
      commit(cluster, 1, Map.of(0, 8L, 2, 15L));
      Awaitility.await("lag summed per group and topic").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
              PrometheusScrape.of(cluster.config(1).metricsPort()).labels(LAG))
              .containsExactly(Map.of("group", GROUP, "topic", TOPIC)));

      PrometheusScrape scrape = PrometheusScrape.of(cluster.config(1).metricsPort());

      assertThat(scrape.names()).noneMatch(n -> n.startsWith("strand_partition_"));
      assertThat(scrape.samples()).noneMatch(s -> s.labels().containsKey("partition"));
      assertThat(scrape.sum("strand_topic_produced_records_total")).isEqualTo(BATCHES * RECORDS_PER_BATCH);
      assertThat(scrape.sum(LAG)).as("(20 - 8) + (20 - 15)").isEqualTo(17);
      assertThat(scrape.sum("strand_node_leaders")).isEqualTo(PARTITIONS);
      assertThat(scrape.names()).contains("strand_node_under_replicated_partitions",
          "strand_raft_leader_elections_total");
    }
  }

  private static boolean lagRow(Map<String, String> labels, String partition) {
    return GROUP.equals(labels.get("group")) && TOPIC.equals(labels.get("topic"))
        && partition.equals(labels.get("partition"));
  }

  /** A simple (member-less) commit of the group's offsets per partition of TOPIC. */
  private static void commit(MiniCluster cluster, int nodeId, Map<Integer, Long> offsets) {
    CommitOffsetsRequest.Builder request = CommitOffsetsRequest.newBuilder().setGroupId(GROUP);
    offsets.forEach((p, offset) -> request.addOffsets(CommitOffset.newBuilder().setTopic(TOPIC).setPartition(p)
        .setOffset(offset).setLeaderEpoch(-1)));
    Awaitility.await("the group coordinator is up").atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .untilAsserted(() -> assertThat(GroupServiceGrpc.newBlockingStub(cluster.channel(nodeId))
            .withDeadlineAfter(10, TimeUnit.SECONDS).commitOffsets(request.build()).getResultsList())
            .allSatisfy(r -> assertThat(r.getError()).isEqualTo(ErrorCode.ERROR_CODE_NONE)));
  }

  private static double underReplicated(MiniCluster cluster, List<Integer> nodes) {
    return nodes.stream().mapToDouble(id -> PrometheusScrape.of(cluster.config(id).metricsPort())
        .sum("strand_node_under_replicated_partitions")).sum();
  }

  private static void produceThroughNode(MiniCluster cluster, int nodeId) {
    for (int b = 0; b < BATCHES; b++) {
      StructuredBatch.Builder batch = StructuredBatch.newBuilder();
      for (int r = 0; r < RECORDS_PER_BATCH; r++) {
        batch.addRecords(Record.newBuilder().setValue(ByteString.copyFrom("v" + b + "-" + r, StandardCharsets.UTF_8)));
      }
      ErrorCode error = cluster.produce(nodeId).produce(ProduceRequest.newBuilder().setAcks(Acks.ACKS_ALL)
              .addPartitions(PartitionProduceData.newBuilder().setTopic(TOPIC).setPartition(b % PARTITIONS)
                  .setRecords(batch))
              .build())
          .getResults(0).getError().getCode();
      assertThat(error).isEqualTo(ErrorCode.ERROR_CODE_NONE);
    }
  }

  private static long fetchAllThroughNode(MiniCluster cluster, int nodeId) {
    FetchRequest.Builder request = FetchRequest.newBuilder().setFormat(RecordFormat.RECORD_FORMAT_STRUCTURED);
    for (int p = 0; p < PARTITIONS; p++) {
      request.addPartitions(FetchPartition.newBuilder().setTopic(TOPIC).setPartition(p).setFetchOffset(0));
    }
    FetchResponse response = cluster.fetch(nodeId).fetch(request.build());
    return response.getResultsList().stream().mapToLong(r -> r.getRecordsCount()).sum();
  }

  /** strand_ names in docs/metrics.md's tables. */
  private static Set<String> documentedMetrics() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("^\\| `(strand_[a-z0-9_]+)`", Pattern.MULTILINE)
        .matcher(Files.readString(DOC, StandardCharsets.UTF_8));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Exported strand_ meter names (timers and summaries by base name), plus the documented lazy ones. */
  private static Set<String> exportedStrandMetrics(List<PrometheusScrape> scrapes) throws IOException {
    Set<String> documented = documentedMetrics();
    Set<String> names = new TreeSet<>(LAZY);
    Set<String> raw = new HashSet<>();
    scrapes.forEach(s -> raw.addAll(s.names()));
    for (String name : raw) {
      if (!name.startsWith("strand_")) {
        continue;
      }
      String base = name.replaceFirst("_(count|sum|max|bucket)$", "");
      names.add(documented.contains(base) ? base : name);
    }
    return names;
  }
}
