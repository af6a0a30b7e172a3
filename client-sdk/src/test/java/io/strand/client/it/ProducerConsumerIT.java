package io.strand.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strand.api.v1.FetchPartition;
import io.strand.api.v1.FetchRequest;
import io.strand.api.v1.FetchResponse;
import io.strand.api.v1.RecordFormat;
import io.strand.client.Routing;
import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.admin.AdminClient;
import io.strand.client.admin.ListedOffset;
import io.strand.client.admin.NewTopic;
import io.strand.client.admin.OffsetSpec;
import io.strand.client.admin.TopicDescription;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.consumer.OffsetAndTimestamp;
import io.strand.client.error.TopicExistsException;
import io.strand.client.error.UnknownTopicException;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.producer.SendResult;
import io.strand.client.serialization.Serdes;
import io.strand.record.CompressionType;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatches;
import io.strand.server.testkit.MiniCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Producer, consumer and admin against a real in-process 3-node cluster. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProducerConsumerIT {
  private static MiniCluster cluster;
  private static StrandClient client;

  @BeforeAll
  static void start() {
    cluster = MiniCluster.builder().nodes(3).start();
    client = StrandClient.create(Map.of("bootstrap.servers", cluster.bootstrap()));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close(Duration.ofSeconds(10));
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void createTopic(String name, int partitions) {
    client.admin().createTopic(new NewTopic(name, partitions, 3)).join();
    for (int p = 0; p < partitions; p++) {
      cluster.awaitLeader(name, p);
    }
  }

  private static Producer<String, String> producer(Map<String, String> config) {
    return client.newProducer(ProducerConfig.from(config), Serdes.stringSerializer(), Serdes.stringSerializer());
  }

  private static List<ConsumerRecord<String, String>> readAll(StrandClient from, String topic, int expected) {
    try (Consumer<String, String> consumer = from.newConsumer(ConsumerConfig.from(Map.of("fetch.max.wait.ms", "200")),
        Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, String>> all = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
        return all.size() >= expected;
      });
      assertThat(consumer.poll(Duration.ofMillis(300)).isEmpty()).as("no records beyond the expected").isTrue();
      return all;
    }
  }

  @Test
  void concurrentProducersKeepPerPartitionOrderWithoutGapsOrDuplicates() throws Exception {
    createTopic("ordering", 3);
    Producer<String, String> producer = producer(Map.of("linger.ms", "2", "batch.size", "2048"));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<CompletableFuture<SendResult>> acks = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      int thread = t;
      threads.submit(() -> {
        for (int i = 0; i < 500; i++) {
          acks.add(producer.send(new ProducerRecord<>("ordering", "writer-" + thread, thread + ":" + i)));
        }
      });
    }
    threads.shutdown();
    assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    producer.flush();
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();

    List<ConsumerRecord<String, String>> all = readAll(client, "ordering", 2000);
    assertThat(all).hasSize(2000);
    Map<String, Integer> next = new HashMap<>();
    Map<Integer, Long> nextOffset = new HashMap<>();
    for (ConsumerRecord<String, String> r : all) {
      String[] parts = r.value().split(":");
      int expected = next.getOrDefault(parts[0], 0);
      assertThat(Integer.parseInt(parts[1])).as("order of writer %s", parts[0]).isEqualTo(expected);
      next.put(parts[0], expected + 1);
      long offset = nextOffset.getOrDefault(r.partition(), 0L);
      assertThat(r.offset()).isEqualTo(offset);
      nextOffset.put(r.partition(), offset + 1);
    }
    assertThat(next.values()).containsOnly(500);
  }

  @ParameterizedTest
  @EnumSource(CompressionType.class)
  void everyCodecRoundTripsAndIsStoredAsSent(CompressionType codec) {
    String topic = "codec-" + codec.configName();
    createTopic(topic, 1);
    Producer<String, String> producer = producer(Map.of("compression.type", codec.configName(), "linger.ms", "20"));
    for (int i = 0; i < 300; i++) {
      producer.send(new ProducerRecord<>(topic, "k" + i, "value " + i + " " + "abc".repeat(i % 40)));
    }
    producer.flush();

    List<ConsumerRecord<String, String>> all = readAll(client, topic, 300);
    assertThat(all).extracting(ConsumerRecord::key).first().isEqualTo("k0");
    assertThat(all.get(299).value()).isEqualTo("value 299 " + "abc".repeat(299 % 40));

    int leader = cluster.awaitLeader(topic, 0);
    FetchResponse raw = cluster.fetch(leader).fetch(FetchRequest.newBuilder().setFormat(RecordFormat.RECORD_FORMAT_RAW)
        .addPartitions(FetchPartition.newBuilder().setTopic(topic).setPartition(0).setFetchOffset(0)).build());
    List<RecordBatch> batches = new ArrayList<>();
    RecordBatches.iterate(raw.getResults(0).getRecordBatches().asReadOnlyByteBuffer()).forEach(batches::add);
    assertThat(batches).isNotEmpty().allSatisfy(b -> assertThat(b.compression()).isEqualTo(codec));
  }

  @Test
  void keysLandOnTheSamePartitionsAsWithKafka() {
    createTopic("keys", 6);
    Producer<String, String> producer = producer(Map.of());
    Map<String, Integer> kafka = Map.of("a", 4, "abc", 3, "key-3", 5, "key-42", 3, "user-1234", 4, "Strand", 3,
        "the quick brown fox", 1, "00000000", 3);
    kafka.forEach((key, partition) ->
        assertThat(producer.send(new ProducerRecord<>("keys", key, "v")).join().partition()).as(key)
            .isEqualTo(partition));
  }

  @Test
  void seekAndOffsetsForTimes() {
    createTopic("times", 1);
    Producer<String, String> producer = producer(Map.of("linger.ms", "50"));
    for (int i = 0; i < 10; i++) {
      producer.send(new ProducerRecord<>("times", null, 1_000L * (i + 1), null, "at" + i, List.of()));
    }
    producer.flush();
    TopicPartition tp = new TopicPartition("times", 0);
    try (Consumer<String, String> consumer = client.newConsumer(ConsumerConfig.defaults(),
        Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
      Map<TopicPartition, Optional<OffsetAndTimestamp>> found = consumer.offsetsForTimes(Map.of(tp, 4_500L));
      assertThat(found.get(tp)).contains(new OffsetAndTimestamp(4, 5_000));
      assertThat(consumer.offsetsForTimes(Map.of(tp, 99_000L)).get(tp)).isEmpty();

      consumer.assign(List.of(tp));
      consumer.seek(tp, found.get(tp).get().offset());
      List<ConsumerRecord<String, String>> got = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        return got.size() >= 6;
      });
      assertThat(got).extracting(ConsumerRecord::value).containsExactly("at4", "at5", "at6", "at7", "at8", "at9");
      assertThat(got.get(0).timestampMs()).isEqualTo(5_000);
      assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 10L);
    }
  }

  @Test
  void adminLifecycle() {
    AdminClient admin = client.admin();
    TopicDescription created = admin.createTopic(new NewTopic("admin-t", 2, 3, Map.of("retention.ms", "3600000")))
        .join();
    assertThat(created.partitions()).hasSize(2);
    assertThatThrownBy(() -> admin.createTopic(new NewTopic("admin-t", 2, 3)).join())
        .hasCauseInstanceOf(TopicExistsException.class);
    assertThat(admin.listTopics(false).join()).contains("admin-t");
    cluster.awaitLeader("admin-t", 0);
    cluster.awaitLeader("admin-t", 1);

    assertThat(admin.alterTopicConfig("admin-t", Map.of("retention.ms", "7200000")).join())
        .containsEntry("retention.ms", "7200000");
    assertThat(admin.describeTopicConfig("admin-t").join()).containsEntry("retention.ms", "7200000");
    assertThat(admin.createPartitions("admin-t", 4).join().partitions()).hasSize(4);

    Producer<String, String> producer = producer(Map.of());
    for (int i = 0; i < 5; i++) {
      producer.send(new ProducerRecord<>("admin-t", 0, null, "r" + i));
    }
    producer.flush();
    TopicPartition tp0 = new TopicPartition("admin-t", 0);
    assertThat(admin.deleteRecords(Map.of(tp0, 3L)).join()).containsEntry(tp0, 3L);
    Map<TopicPartition, ListedOffset> offsets = admin.listOffsets(Map.of(tp0, OffsetSpec.earliest())).join();
    assertThat(offsets.get(tp0).offset()).isEqualTo(3);
    TopicDescription described = admin.describeTopic("admin-t").join();
    assertThat(described.partitions().get(0).logStartOffset()).isEqualTo(3);
    assertThat(described.partitions().get(0).highWatermark()).isEqualTo(5);
    assertThat(described.partitions().get(0).replicas()).hasSize(3);

    assertThat(admin.describeCluster().join().nodes()).hasSize(3)
        .allSatisfy(n -> assertThat(n.alive()).isTrue());

    admin.deleteTopic("admin-t").join();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThatThrownBy(() -> admin.describeTopic("admin-t").join()).hasCauseInstanceOf(UnknownTopicException.class));
  }

  @Test
  void proxyRoutingThroughOneNodeReachesEveryPartition() {
    createTopic("proxied", 3);
    try (StrandClient proxied = StrandClient.create(Map.of("bootstrap.servers", "127.0.0.1:"
        + cluster.config(2).grpcPort(), "routing", Routing.PROXY.configName()))) {
      Producer<String, String> producer = proxied.newProducer(ProducerConfig.defaults(), Serdes.stringSerializer(),
          Serdes.stringSerializer());
      for (int i = 0; i < 30; i++) {
        producer.send(new ProducerRecord<>("proxied", i % 3, null, "p" + i));
      }
      producer.flush();
      assertThat(readAll(proxied, "proxied", 30)).hasSize(30);
    }
  }
}
