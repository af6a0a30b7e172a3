package io.strand.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.admin.NewTopic;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRebalanceListener;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.error.CommitFailedException;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.serialization.Serdes;
import io.strand.server.testkit.MiniCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Group consumers against a real 3-node cluster: shared assignment, commits, member churn, at-least-once. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConsumerGroupIT {
  private static MiniCluster cluster;
  private static StrandClient client;

  @BeforeAll
  static void start() {
    cluster = MiniCluster.builder().nodes(3).configure(b -> b.offsetsPartitions(2)).start();
    client = StrandClient.create(Map.of("bootstrap.servers", cluster.bootstrap()));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void groupSharesPartitionsAndNoCommittedRecordIsLostAcrossChurn() {
    client.admin().createTopic(new NewTopic("work", 6, 3)).join();
    produce(0, 300);
    List<Consumer<String, String>> consumers = new ArrayList<>();
    List<Set<TopicPartition>> assigned = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Consumer<String, String> c = client.newConsumer(ConsumerConfig.from(Map.of("group.id", "workers",
              "auto.offset.reset", "earliest", "enable.auto.commit", "false", "session.timeout.ms", "6000",
              "fetch.max.wait.ms", "100")), Serdes.stringDeserializer(), Serdes.stringDeserializer());
      Set<TopicPartition> mine = new HashSet<>();
      c.subscribe(List.of("work"), new Tracking(mine));
      consumers.add(c);
      assigned.add(mine);
    }
    Set<String> seen = new HashSet<>();
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      pollAll(consumers, seen);
      return seen.size() == 300 && assigned.stream().allMatch(a -> a.size() == 2);
    });
    assertThat(assigned.stream().flatMap(Set::stream).collect(Collectors.toSet())).hasSize(6);

    consumers.remove(2).close();
    produce(300, 400);
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      pollAll(consumers, seen);
      return seen.size() == 400 && assigned.get(0).size() + assigned.get(1).size() == 6;
    });

    Set<TopicPartition> all = IntStream.range(0, 6).mapToObj(p -> new TopicPartition("work", p))
        .collect(Collectors.toSet());
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      pollAll(consumers, seen);
      assertThat(consumers.get(0).committed(all).values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(400);
    });
    consumers.forEach(Consumer::close);
  }

  private static void pollAll(List<Consumer<String, String>> consumers, Set<String> seen) {
    for (Consumer<String, String> c : consumers) {
      for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(50))) {
        seen.add(r.value());
      }
      try {
        c.commitSync();
      } catch (CommitFailedException e) {
        // The commit raced an epoch bump; the next round commits again with the new epoch (at-least-once).
      }
    }
  }

  private static void produce(int from, int to) {
    try (Producer<String, String> producer = client.newProducer(ProducerConfig.from(Map.of()),
        Serdes.stringSerializer(), Serdes.stringSerializer())) {
      for (int i = from; i < to; i++) {
        producer.send(new ProducerRecord<>("work", "k" + i, "v" + i));
      }
      producer.flush();
    }
  }

  /** Keeps the consumer's current assignment as the listener reports it. */
  private record Tracking(Set<TopicPartition> owned) implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      owned.removeAll(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      owned.addAll(partitions);
    }
  }
}
