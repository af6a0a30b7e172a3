package io.strand.cli;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.consumer.ConsumerRecords;
import io.strand.client.serialization.Serdes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code strand consume}: prints one value per line (with {@code --print-key --print-offset}: {@code
 * PARTITION<TAB>OFFSET<TAB>KEY<TAB>VALUE}; a null key or value prints as {@code null}). Reads every partition
 * unless {@code --partition} is given. Stops after {@code --max-messages} records (exit 0) or {@code
 * --idle-timeout-ms} without data (exit 0, or 1 if {@code --max-messages} was given and not reached); the count goes
 * to standard error. Without either it runs until interrupted.
 *
 * <p>Not thread-safe; one instance runs one command.
 */
@Command(name = "consume", description = "Print records of a topic.", mixinStandardHelpOptions = true)
final class ConsumeCommand extends ClientCommand {
  private static final long POLL_SLICE_MS = 500;

  @Option(names = "--topic", required = true, paramLabel = "T", description = "Topic to read.")
  String topic;

  @Option(names = "--partition", paramLabel = "P", description = "Read only partition P (default: all).")
  Integer partition;

  @ArgGroup(exclusive = true)
  Start start;

  /** Where to start; mutually exclusive. */
  static final class Start {
    @Option(names = "--from-beginning", description = "Start at the earliest record still stored.")
    boolean fromBeginning;

    @Option(names = "--offset", paramLabel = "O",
        description = "Start at offset O (of --partition, or of every partition).")
    Long offset;
  }

  @Option(names = "--group", paramLabel = "G",
      description = "Consume as a member of group G: partitions are assigned by the group, reading starts at the "
          + "committed offsets (else the end, or the beginning with --from-beginning), and positions are "
          + "committed automatically and on exit.")
  String group;

  @Option(names = "--max-messages", paramLabel = "N", description = "Stop after N records.")
  Long maxMessages;

  @Option(names = "--idle-timeout-ms", paramLabel = "T", description = "Stop after T ms without a record.")
  Long idleTimeoutMs;

  @Option(names = "--print-key", description = "Print the key before the value.")
  boolean printKey;

  @Option(names = "--print-offset", description = "Print partition and offset first.")
  boolean printOffset;

  @Option(names = "--consumer-props", paramLabel = "K=V", split = ",",
      description = "Consumer or client configs, comma-separated or repeated.")
  Map<String, String> consumerProps = new LinkedHashMap<>();

  @Override
  public Integer call() {
    validate();
    Map<String, String> config = new HashMap<>(withoutClientKeys(consumerProps));
    if (group != null) {
      config.put(ConsumerConfig.GROUP_ID, group);
      config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET,
          start != null && start.fromBeginning ? "earliest" : "latest");
    }
    long consumed = 0;
    try (StrandClient client = openClient(consumerProps);
         Consumer<String, String> consumer = client.newConsumer(ConsumerConfig.from(config),
             Serdes.stringDeserializer(), Serdes.stringDeserializer())) {
      if (group != null) {
        consumer.subscribe(List.of(topic));
      } else {
        List<TopicPartition> partitions = partition == null ? consumer.partitionsFor(topic)
            : List.of(new TopicPartition(topic, partition));
        consumer.assign(partitions);
        position(consumer, partitions);
      }
      consumed = loop(consumer);
    }
    context().err().println("Processed a total of " + consumed + " messages");
    if (maxMessages != null && consumed < maxMessages) {
      // Asked for N records and the idle timeout ended the read first: the caller did not get what it asked for.
      context().err().println("strand: read " + consumed + " of " + maxMessages + " messages: no record for "
          + idleTimeoutMs + " ms (--idle-timeout-ms)");
      return 1;
    }
    return 0;
  }

  private void validate() {
    if (maxMessages != null && maxMessages < 0) {
      throw new ParameterException(spec.commandLine(), "--max-messages must be >= 0");
    }
    if (idleTimeoutMs != null && idleTimeoutMs < 0) {
      throw new ParameterException(spec.commandLine(), "--idle-timeout-ms must be >= 0");
    }
    if (group != null && (partition != null || (start != null && start.offset != null))) {
      throw new ParameterException(spec.commandLine(),
          "--group assigns partitions itself: it cannot be combined with --partition or --offset");
    }
    if (start != null && start.offset != null && start.offset < 0) {
      throw new ParameterException(spec.commandLine(), "--offset must be >= 0");
    }
  }

  private void position(Consumer<String, String> consumer, List<TopicPartition> partitions) {
    if (start != null && start.fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else if (start != null && start.offset != null) {
      partitions.forEach(tp -> consumer.seek(tp, start.offset));
    } else {
      consumer.seekToEnd(partitions);
    }
  }

  private long loop(Consumer<String, String> consumer) {
    PrintStream out = context().out();
    long consumed = 0;
    long lastDataNs = System.nanoTime();
    while (maxMessages == null || consumed < maxMessages) {
      long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastDataNs);
      if (idleTimeoutMs != null && idleMs >= idleTimeoutMs) {
        break;
      }
      long slice = idleTimeoutMs == null ? POLL_SLICE_MS : Math.max(1, Math.min(POLL_SLICE_MS, idleTimeoutMs - idleMs));
      ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(slice));
      if (records.isEmpty()) {
        continue;
      }
      lastDataNs = System.nanoTime();
      for (ConsumerRecord<String, String> record : records) {
        out.print(format(record));
        if (++consumed == (maxMessages == null ? -1 : maxMessages)) {
          break;
        }
      }
      out.flush();
      if (out.checkError()) {
        break;
      }
    }
    return consumed;
  }

  private String format(ConsumerRecord<String, String> record) {
    StringBuilder line = new StringBuilder();
    if (printOffset) {
      line.append(record.partition()).append('\t').append(record.offset()).append('\t');
    }
    if (printKey) {
      line.append(record.key()).append('\t');
    }
    return line.append(record.value()).append('\n').toString();
  }
}
