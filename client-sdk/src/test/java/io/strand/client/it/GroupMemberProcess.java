package io.strand.client.it;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRebalanceListener;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.error.StrandException;
import io.strand.client.serialization.Serdes;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A group member in its own JVM, so a test can SIGKILL it: it consumes until killed and commits after every
 * non-empty poll. It reports on stdout, one line per event, prefixed {@value #PREFIX}: {@code assigned T P},
 * {@code revoked T P}, {@code committed T P OFFSET} (after the commit was acknowledged).
 *
 * <p>Arguments: bootstrap servers, group id, topic, session timeout in milliseconds.
 */
public final class GroupMemberProcess {

  static final String PREFIX = "member: ";

  private GroupMemberProcess() {
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (StrandClient client = StrandClient.create(Map.of("bootstrap.servers", args[0]));
         Consumer<String, String> consumer = client.newConsumer(ConsumerConfig.from(Map.of("group.id", args[1],
             "auto.offset.reset", "earliest", "enable.auto.commit", "false", "session.timeout.ms", args[3],
             "fetch.max.wait.ms", "100")), Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
      consumer.subscribe(List.of(args[2]), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          partitions.forEach(tp -> out.println(PREFIX + "revoked " + tp.topic() + " " + tp.partition()));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          partitions.forEach(tp -> out.println(PREFIX + "assigned " + tp.topic() + " " + tp.partition()));
        }
      });
      while (true) {
        Map<TopicPartition, Long> processed = new HashMap<>();
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
          processed.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        if (!processed.isEmpty()) {
          try {
            consumer.commitSync(processed);
            processed.forEach((tp, offset) -> out.println(PREFIX + "committed " + tp.topic() + " " + tp.partition()
                + " " + offset));
          } catch (StrandException e) {
            out.println(PREFIX + "commit failed " + e.getMessage());
          }
        }
      }
    }
  }
}
