package io.strand.client.it;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRebalanceListener;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.consumer.ConsumerRecords;
import io.strand.client.error.StrandException;
import io.strand.client.serialization.Serdes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One group member on its own thread: polls, records what it consumed into a {@link GroupLedger}, and after every
 * non-empty poll commits exactly the offsets it processed (commitSync), recording the commit once it is
 * acknowledged. A failed commit (fenced, coordinator moving) is left to the next round, as an at-least-once
 * application would.
 *
 * <p>Thread-safe to {@link #stop} from another thread; everything else runs on the worker's thread.
 */
final class GroupWorker implements Runnable {

  private final String name;
  private final StrandClient client;
  private final Map<String, String> config;
  private final String topic;
  private final GroupLedger ledger;
  private final AtomicBoolean stopped = new AtomicBoolean();

  GroupWorker(String name, StrandClient client, Map<String, String> config, String topic, GroupLedger ledger) {
    this.name = name;
    this.client = client;
    this.config = config;
    this.topic = topic;
    this.ledger = ledger;
  }

  void stop() {
    stopped.set(true);
  }

  @Override
  public void run() {
    try (Consumer<String, String> consumer = client.newConsumer(ConsumerConfig.from(config),
        Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          ledger.revoked(name, partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          ledger.assigned(name, partitions);
        }
      });
      while (!stopped.get()) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(50));
        Map<TopicPartition, Long> processed = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
          ledger.consumed(name, r);
          processed.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        if (!processed.isEmpty()) {
          try {
            consumer.commitSync(processed);
            ledger.acknowledged(processed);
          } catch (StrandException e) {
            // Not acknowledged: the records may be consumed again by whoever owns the partition next.
          }
        }
      }
    } catch (RuntimeException e) {
      ledger.failed(name, e);
    }
  }
}
