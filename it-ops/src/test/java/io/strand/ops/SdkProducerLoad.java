package io.strand.ops;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.producer.SendResult;
import io.strand.client.serialization.Serdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SDK's (idempotent, acks=all) producer sending keyed records {@code sdk-N} from a background thread, 50 at a
 * time followed by a flush, until stopped. Keeps every acknowledgement (partition, offset, value) and every failure.
 *
 * <p>Thread-safe.
 */
final class SdkProducerLoad implements AutoCloseable {

  private final Producer<String, String> producer;
  private final String topic;
  private final Thread thread;
  private final Map<TopicPartition, Map<Long, String>> acks = new ConcurrentHashMap<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;

  SdkProducerLoad(StrandClient client, String topic) {
    this.producer = client.newProducer(ProducerConfig.defaults(), Serdes.stringSerializer(),
        Serdes.stringSerializer());
    this.topic = topic;
    this.thread = new Thread(this::run, "sdk-producer-load");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long n = 0;
    while (running) {
      for (int i = 0; i < 50; i++, n++) {
        String value = "sdk-" + n;
        producer.send(new ProducerRecord<>(topic, "k" + n, value)).whenComplete((r, e) -> record(r, e, value));
      }
      producer.flush();
    }
  }

  private void record(SendResult result, Throwable error, String value) {
    if (error != null) {
      failures.add(error);
      return;
    }
    acks.computeIfAbsent(result.topicPartition(), tp -> new ConcurrentHashMap<>()).put(result.offset(), value);
    acknowledged.incrementAndGet();
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** Fails the test with the first send failure, if any (a send fails only once its retries are exhausted). */
  void checkNoFailure(StrandProcesses nodes) {
    Throwable first = failures.peek();
    if (first != null) {
      throw new AssertionError("a send failed after the producer's retries\n" + nodes.logs(), first);
    }
  }

  /** Stops sending, waits for every sent record's outcome, and returns the acknowledgements. */
  Map<TopicPartition, Map<Long, String>> stopAndCollect() throws InterruptedException {
    running = false;
    thread.join(TimeUnit.SECONDS.toMillis(150));
    producer.close(Duration.ofSeconds(30));
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " sends failed", failures.peek());
    }
    Map<TopicPartition, Map<Long, String>> copy = new HashMap<>();
    acks.forEach((tp, records) -> copy.put(tp, new HashMap<>(records)));
    return copy;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(TimeUnit.SECONDS.toMillis(150));
    producer.close(Duration.ofSeconds(5));
  }
}
