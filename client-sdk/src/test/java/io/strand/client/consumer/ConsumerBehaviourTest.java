package io.strand.client.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.error.OffsetOutOfRangeException;
import io.strand.client.error.WakeupException;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.serialization.Serdes;
import io.strand.client.testing.FakeCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consumer behaviour on the wire, against an in-memory fake cluster of three nodes. */
@Timeout(30)
class ConsumerBehaviourTest {
  private static final TopicPartition T0 = new TopicPartition("t", 0);
  private static final TopicPartition T1 = new TopicPartition("t", 1);

  private FakeCluster cluster;
  private StrandClient client;
  private Producer<String, String> producer;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws Exception {
    cluster = new FakeCluster(3);
    cluster.createTopic("t", 3);
    client = StrandClient.create(Map.of("bootstrap.servers", cluster.bootstrap(), "retry.backoff.ms", "20",
        "retry.backoff.max.ms", "100"));
    producer = client.newProducer(ProducerConfig.from(Map.of("linger.ms", "20")), Serdes.stringSerializer(),
        Serdes.stringSerializer());
  }

  @AfterEach
  void stop() {
    threads.shutdownNow();
    client.close(Duration.ofSeconds(5));
    cluster.close();
  }

  private Consumer<String, String> consumer(Map<String, String> config) {
    Map<String, String> all = new HashMap<>(Map.of("fetch.max.wait.ms", "100"));
    all.putAll(config);
    return client.newConsumer(ConsumerConfig.from(all), Serdes.stringDeserializer(), Serdes.stringDeserializer());
  }

  private void produce(int partition, int count, String prefix) {
    for (int i = 0; i < count; i++) {
      producer.send(new ProducerRecord<>("t", partition, "k" + i, prefix + i));
    }
    producer.flush();
  }

  private static List<ConsumerRecord<String, String>> pollUntil(Consumer<String, String> consumer, int count) {
    List<ConsumerRecord<String, String>> all = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      consumer.poll(Duration.ofMillis(100)).forEach(all::add);
      return all.size() >= count;
    });
    return all;
  }

  @Test
  void readsEveryPartitionFromTheBeginningInOffsetOrder() {
    produce(0, 120, "a");
    produce(1, 80, "b");
    Consumer<String, String> consumer = consumer(Map.of("max.poll.records", "50"));
    consumer.assign(List.of(T0, T1));
    consumer.seekToBeginning(List.of(T0, T1));

    List<ConsumerRecord<String, String>> all = pollUntil(consumer, 200);

    assertThat(all).hasSize(200);
    assertThat(all.stream().filter(r -> r.partition() == 0).map(ConsumerRecord::offset))
        .isSorted().hasSize(120).first().isEqualTo(0L);
    assertThat(all.stream().filter(r -> r.partition() == 1).map(ConsumerRecord::value).toList().get(79))
        .isEqualTo("b79");
    assertThat(consumer.position(T0)).isEqualTo(120);
  }

  @Test
  void seekingIntoTheMiddleOfABatchDropsTheRecordsBeforeIt() {
    produce(0, 10, "v");
    assertThat(cluster.partition("t", 0).rawBatches()).hasSize(1);
    Consumer<String, String> consumer = consumer(Map.of());
    consumer.assign(List.of(T0));
    consumer.seek(T0, 6);

    List<ConsumerRecord<String, String>> got = pollUntil(consumer, 4);

    assertThat(got).extracting(ConsumerRecord::offset).containsExactly(6L, 7L, 8L, 9L);
    assertThat(got).extracting(ConsumerRecord::key).containsExactly("k6", "k7", "k8", "k9");
  }

  @Test
  void withoutSeekANewAssignmentStartsAtTheEnd() {
    produce(0, 5, "old");
    Consumer<String, String> consumer = consumer(Map.of());
    consumer.assign(List.of(T0));
    assertThat(consumer.position(T0)).isEqualTo(5);

    produce(0, 2, "new");
    assertThat(pollUntil(consumer, 2)).extracting(ConsumerRecord::value).containsExactly("new0", "new1");
  }

  @Test
  void offsetsForTimesFindsTheFirstRecordAtOrAfterTheTimestamp() {
    for (long ts : new long[] {1000, 2000, 3000}) {
      producer.send(new ProducerRecord<>("t", 0, ts, null, "at" + ts, List.of()));
    }
    producer.flush();
    Consumer<String, String> consumer = consumer(Map.of());

    Map<TopicPartition, Optional<OffsetAndTimestamp>> found =
        consumer.offsetsForTimes(Map.of(T0, 1500L, T1, 1500L));

    assertThat(found.get(T0)).contains(new OffsetAndTimestamp(1, 2000));
    assertThat(found.get(T1)).isEmpty();
    assertThat(consumer.beginningOffsets(List.of(T0))).containsEntry(T0, 0L);
    assertThat(consumer.endOffsets(List.of(T0))).containsEntry(T0, 3L);
  }

  @Test
  void pausedPartitionsReturnNothingUntilResumed() {
    produce(0, 3, "p");
    produce(1, 3, "q");
    Consumer<String, String> consumer = consumer(Map.of("auto.offset.reset", "earliest"));
    consumer.assign(List.of(T0, T1));
    consumer.pause(List.of(T1));

    List<ConsumerRecord<String, String>> first = pollUntil(consumer, 3);
    assertThat(first).allMatch(r -> r.partition() == 0);
    assertThat(consumer.poll(Duration.ofMillis(300)).isEmpty()).isTrue();
    assertThat(consumer.paused()).containsExactly(T1);

    consumer.resume(List.of(T1));
    assertThat(pollUntil(consumer, 3)).allMatch(r -> r.partition() == 1);
  }

  @Test
  void anOutOfRangePositionResetsPerAutoOffsetReset() {
    produce(0, 10, "r");
    cluster.partition("t", 0).deleteBefore(4);
    Consumer<String, String> earliest = consumer(Map.of("auto.offset.reset", "earliest"));
    earliest.assign(List.of(T0));
    earliest.seek(T0, 1);

    assertThat(pollUntil(earliest, 6).get(0).offset()).isEqualTo(4);

    Consumer<String, String> strict = consumer(Map.of("auto.offset.reset", "none"));
    strict.assign(List.of(T0));
    strict.seek(T0, 1);
    assertThatThrownBy(() -> pollUntil(strict, 1)).isInstanceOf(OffsetOutOfRangeException.class)
        .hasMessageContaining("[4, 10]");
  }

  @Test
  void aLongPollReturnsAsSoonAsDataArrives() {
    Consumer<String, String> consumer = consumer(Map.of("fetch.max.wait.ms", "5000"));
    consumer.assign(List.of(T1));
    consumer.position(T1);
    CompletableFuture<ConsumerRecords<String, String>> poll =
        CompletableFuture.supplyAsync(() -> consumer.poll(Duration.ofSeconds(20)), threads);

    produce(1, 1, "live");

    ConsumerRecords<String, String> records = poll.join();
    assertThat(records.count()).isOne();
    assertThat(records.records(T1).get(0).value()).isEqualTo("live0");
  }

  @Test
  void wakeupInterruptsABlockingPoll() {
    Consumer<String, String> consumer = consumer(Map.of());
    consumer.assign(List.of(T0));
    CompletableFuture<ConsumerRecords<String, String>> poll =
        CompletableFuture.supplyAsync(() -> consumer.poll(Duration.ofSeconds(20)), threads);
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      consumer.wakeup();
      return poll.isDone();
    });
    assertThatThrownBy(poll::join).hasCauseInstanceOf(WakeupException.class);
  }

  @Test
  void fetchFollowsALeaderChange() {
    produce(0, 3, "x");
    Consumer<String, String> consumer = consumer(Map.of("auto.offset.reset", "earliest"));
    consumer.assign(List.of(T0));
    assertThat(pollUntil(consumer, 3)).hasSize(3);

    cluster.moveLeader("t", 0, 3);
    produce(0, 2, "y");

    assertThat(pollUntil(consumer, 2)).extracting(ConsumerRecord::value).containsExactly("y0", "y1");
  }

  @Test
  void partitionsForListsTheTopicsPartitions() {
    assertThat(consumer(Map.of()).partitionsFor("t")).containsExactly(T0, T1, new TopicPartition("t", 2));
  }
}
