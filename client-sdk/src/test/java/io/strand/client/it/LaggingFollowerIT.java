package io.strand.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strand.client.Routing;
import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.admin.NewTopic;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.producer.SendResult;
import io.strand.client.serialization.Serdes;
import io.strand.record.Record;
import io.strand.record.RecordBatches;
import io.strand.server.testkit.MiniCluster;
import io.strand.store.partition.PartitionReplica;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reads never return uncommitted data: not through a lagging follower that just came back, not from a
 * leader that lost its quorum, and not from a follower's own replica.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LaggingFollowerIT {
  private static MiniCluster cluster;

  @BeforeAll
  static void start() {
    cluster = MiniCluster.builder().nodes(3).start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static StrandClient clientVia(MiniCluster cluster, int nodeId) {
    return StrandClient.create(Map.of("bootstrap.servers", "127.0.0.1:" + cluster.config(nodeId).grpcPort(),
        "routing", Routing.PROXY.configName(), "request.timeout.ms", "5000", "default.api.timeout.ms", "20000"));
  }

  private static List<ConsumerRecord<String, String>> pollFor(Consumer<String, String> consumer, Duration duration) {
    List<ConsumerRecord<String, String>> got = new ArrayList<>();
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      consumer.poll(Duration.ofMillis(200)).forEach(got::add);
    }
    return got;
  }

  @Test
  void aFollowerThatWasDownServesOnlyCommittedRecordsAtTheirOffsets() {
    TopicPartition tp = new TopicPartition("lag-a", 0);
    try (StrandClient client = StrandClient.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
      client.admin().createTopic(new NewTopic("lag-a", 1, 3)).join();
      int leader = cluster.awaitLeader("lag-a", 0);
      int follower = leader % 3 + 1;
      cluster.stop(follower);

      Producer<String, String> producer = client.newProducer(ProducerConfig.defaults(), Serdes.stringSerializer(),
          Serdes.stringSerializer());
      List<CompletableFuture<SendResult>> acks = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        acks.add(producer.send(new ProducerRecord<>("lag-a", 0, null, "c" + i)));
      }
      producer.flush();
      acks.forEach(a -> assertThat(a.join().offset()).isNotNegative());

      cluster.restart(follower);
      try (StrandClient viaFollower = clientVia(cluster, follower);
           Consumer<String, String> consumer = viaFollower.newConsumer(ConsumerConfig.from(Map.of(
               "fetch.max.wait.ms", "100")), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            assertThat(r.value()).isEqualTo("c" + r.offset());
            got.add(r);
          }
          return got.size() >= 500;
        });
        assertThat(got).hasSize(500);
      }
      PartitionReplica replica = cluster.node(follower).localReplica("lag-a", 0).orElseThrow();
      await().atMost(Duration.ofSeconds(60)).until(() -> replica.highWatermark() == 500);
      List<Record> local = new ArrayList<>();
      RecordBatches.iterate(replica.read(0, 1 << 20).records()).forEach(b -> local.addAll(b.records()));
      assertThat(local).isNotEmpty();
      local.forEach(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("c" + r.offset()));
    }
  }

  @Test
  void aLeaderWithoutQuorumExposesNothingItCouldNotCommit() {
    TopicPartition tp = new TopicPartition("lag-b", 0);
    try (StrandClient client = StrandClient.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
      client.admin().createTopic(new NewTopic("lag-b", 1, 3)).join();
      Producer<String, String> producer = client.newProducer(ProducerConfig.defaults(), Serdes.stringSerializer(),
          Serdes.stringSerializer());
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("lag-b", 0, null, "committed" + i));
      }
      producer.flush();
    }
    int leader = cluster.awaitLeader("lag-b", 0);
    List<Integer> followers = cluster.nodeIds().stream().filter(id -> id != leader).toList();
    try (StrandClient viaLeader = clientVia(cluster, leader);
         Consumer<String, String> consumer = viaLeader.newConsumer(ConsumerConfig.from(Map.of(
             "fetch.max.wait.ms", "100", "auto.offset.reset", "earliest")), Serdes.stringDeserializer(),
             Serdes.stringDeserializer())) {
      consumer.assign(List.of(tp));
      List<String> seen = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
        return seen.size() >= 10;
      });

      followers.forEach(cluster::stop);
      Producer<String, String> producer = viaLeader.newProducer(ProducerConfig.from(Map.of("acks", "none",
          "delivery.timeout.ms", "6000")), Serdes.stringSerializer(), Serdes.stringSerializer());
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("lag-b", 0, null, "uncommitted" + i));
      }
      producer.close(Duration.ofSeconds(10));
      pollFor(consumer, Duration.ofSeconds(5)).forEach(r -> seen.add(r.value()));
      assertThat(seen).as("nothing beyond what a majority committed").hasSize(10)
          .allMatch(v -> v.startsWith("committed"));

      followers.forEach(cluster::restart);
      pollFor(consumer, Duration.ofSeconds(5)).forEach(r -> seen.add(r.value()));
      List<String> after = seen.subList(10, seen.size());
      List<String> prefix = new ArrayList<>();
      for (int i = 0; i < after.size(); i++) {
        prefix.add("uncommitted" + i);
      }
      assertThat(after).as("whatever became committed later is an in-order prefix, once").isEqualTo(prefix);
    }
  }
}
