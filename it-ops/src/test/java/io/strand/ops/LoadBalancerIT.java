package io.strand.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.client.ClientConfig;
import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.admin.PartitionInfo;
import io.strand.client.admin.TopicDescription;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.serialization.Serdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three {@code bin/strand server} processes behind Debian's nginx, configured from the deploy/ template. The CLI and
 * the SDK, both with {@code routing=proxy}, use only the balancer's address. While they produce, the node leading
 * partition 0 is killed with SIGKILL and later started again: calls keep succeeding after the clients' retries, and
 * every acknowledged record is read back, through the balancer, at its acknowledged offset.
 */
class LoadBalancerIT {

  private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerIT.class);

  private static final String TOPIC = "behind-lb";
  private static final int PARTITIONS = 3;
  private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @Test
  @Timeout(420)
  void cliAndSdkThroughTheBalancerSurviveTheLeaderBeingKilledAndRestarted() throws Exception {
    DebianTools.require("nginx", "nginx");
    try (StrandProcesses nodes = StrandProcesses.start(dir.resolve("nodes"), 3);
         NginxBalancer lb = NginxBalancer.start(dir.resolve("nginx"), nodes.grpcPorts())) {
      LOG.info("3 nodes ready behind nginx at {}", lb.address());
      List<String> viaLb = List.of("--bootstrap", lb.address(), "--routing", "proxy");
      cli(nodes, viaLb, List.of("topics", "create", TOPIC, "--partitions", Integer.toString(PARTITIONS),
          "--replication-factor", "3"), List.of());
      assertThat(cli(nodes, viaLb, List.of("cluster", "describe"), List.of()).stdout().lines()
          .filter(l -> l.matches("^\\s*\\d+\\s.*"))).hasSize(3);

      try (StrandClient client = StrandClient.create(Map.of(ClientConfig.BOOTSTRAP_SERVERS, lb.address(),
          ClientConfig.ROUTING, "proxy"))) {
        int victim = leaderOf(client, 0);
        Map<TopicPartition, Map<Long, String>> acknowledged;
        try (SdkProducerLoad load = new SdkProducerLoad(client, TOPIC)) {
          awaitProgress(load, 300, "before the kill", nodes);

          LOG.info("killing node {} (leader of partition 0) with SIGKILL at {} acknowledged", victim,
              load.acknowledged());
          nodes.kill(victim);
          awaitProgress(load, 300, "after node " + victim + " was killed", nodes);
          List<String> cliAcks = cli(nodes, viaLb, List.of("produce", "--topic", TOPIC, "--print-acks"),
              IntStream.range(0, 200).mapToObj(i -> "cli-" + i).toList()).stdout().lines().toList();
          assertThat(cliAcks).hasSize(200);

          LOG.info("CLI produced 200 records with node {} down; restarting it at {} acknowledged", victim,
              load.acknowledged());
          nodes.startNode(victim);
          nodes.awaitReady(victim);
          LOG.info("node {} ready again at {} acknowledged", victim, load.acknowledged());
          awaitProgress(load, 300, "after node " + victim + " restarted", nodes);
          acknowledged = load.stopAndCollect();
          addCliAcks(acknowledged, cliAcks);
        }

        Map<TopicPartition, Map<Long, String>> stored = readEverything(client);
        LOG.info("read back {} records through the balancer", stored.values().stream().mapToInt(Map::size).sum());
        int expected = acknowledged.values().stream().mapToInt(Map::size).sum();
        acknowledged.forEach((tp, records) -> records.forEach((offset, value) ->
            assertThat(stored.getOrDefault(tp, Map.of()).get(offset)).as("%s offset %d", tp, offset)
                .isEqualTo(value)));
        List<String> sdkValues = stored.values().stream().flatMap(m -> m.values().stream())
            .filter(v -> v.startsWith("sdk-")).toList();
        assertThat(sdkValues).as("the idempotent producer's retries wrote nothing twice").doesNotHaveDuplicates();

        int total = stored.values().stream().mapToInt(Map::size).sum();
        List<String> consumed = cli(nodes, viaLb, List.of("consume", "--topic", TOPIC, "--from-beginning",
            "--max-messages", Integer.toString(total), "--idle-timeout-ms", "30000", "--print-offset"), List.of())
            .stdout().lines().toList();
        assertThat(consumed).hasSize(total);
        assertThat(expected).isGreaterThanOrEqualTo(1100);
      }
      assertThat(lb.accessLog()).contains("\"POST /strand.v1.ProduceService/Produce HTTP/2.0\" 200")
          .contains("\"POST /strand.v1.FetchService/Fetch HTTP/2.0\" 200");
    }
  }

  private static ProcessResult cli(StrandProcesses nodes, List<String> global, List<String> command,
                                   List<String> stdin) {
    List<String> args = new ArrayList<>(global);
    args.addAll(command);
    return nodes.cli(args, stdin, 180).assertSuccess();
  }

  private static int leaderOf(StrandClient client, int partition) throws Exception {
    TopicDescription topic = client.admin().describeTopic(TOPIC).get();
    PartitionInfo info = topic.partitions().get(partition);
    assertThat(info.leader()).as("partition %d has a leader", partition).isPresent();
    return info.leader().getAsInt();
  }

  private static void awaitProgress(SdkProducerLoad load, int records, String when, StrandProcesses nodes) {
    long target = load.acknowledged() + records;
    Awaitility.await(records + " more records acknowledged " + when).atMost(PROGRESS_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> {
          load.checkNoFailure(nodes);
          return load.acknowledged() >= target;
        });
  }

  /** CLI ack lines are PARTITION, OFFSET, VALUE separated by tabs. */
  private static void addCliAcks(Map<TopicPartition, Map<Long, String>> acknowledged, List<String> lines) {
    for (String line : lines) {
      String[] f = line.split("\t", 3);
      acknowledged.computeIfAbsent(new TopicPartition(TOPIC, Integer.parseInt(f[0])), tp -> new HashMap<>())
          .put(Long.parseLong(f[1]), f[2]);
    }
  }

  /** Every record of the topic up to the current end offsets, read through the balancer. */
  private static Map<TopicPartition, Map<Long, String>> readEverything(StrandClient client) {
    List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TOPIC, p))
        .toList();
    Map<TopicPartition, Map<Long, String>> stored = new HashMap<>();
    try (Consumer<String, String> consumer = client.newConsumer(ConsumerConfig.defaults(),
        Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Awaitility.await("read up to the end offsets " + end).atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ZERO).until(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
              stored.computeIfAbsent(r.topicPartition(), tp -> new HashMap<>()).put(r.offset(), r.value());
            }
            return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
          });
    }
    return stored;
  }
}
