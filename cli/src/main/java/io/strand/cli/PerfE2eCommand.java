package io.strand.cli;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.consumer.ConsumerRecords;
import io.strand.client.error.StrandException;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.serialization.Serdes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code strand perf-e2e}: end-to-end latency, as Kafka's {@code EndToEndLatency}: sends one record at a
 * time with {@code acks=all}, waits for its acknowledgement, then long-polls a consumer (Fetch with {@code
 * fetch.max.wait.ms}) until it arrives; one sample is the whole round trip. Prints Kafka's two summary lines
 * ({@code Avg latency: X ms}, {@code Percentiles: 50th = a, 99th = b, 99.9th = c}, whole milliseconds) plus a
 * line with microsecond resolution.
 *
 * <p>Not thread-safe; one instance runs one command.
 */
@Command(name = "perf-e2e", description = "End-to-end latency test (produce acks=all, then consume).",
    mixinStandardHelpOptions = true)
final class PerfE2eCommand extends ClientCommand {
  @Option(names = "--topic", required = true, paramLabel = "T", description = "Topic to use.")
  String topic;

  @Option(names = "--records", required = true, paramLabel = "N", description = "Measured round trips.")
  int records;

  @Option(names = "--record-size", paramLabel = "B", description = "Bytes per record value (default 1024).")
  int recordSize = 1024;

  @Option(names = "--partition", paramLabel = "P", description = "Partition to use (default 0).")
  int partition;

  @Option(names = "--warmup-records", paramLabel = "W", description = "Unmeasured round trips first (default 0).")
  int warmupRecords;

  @Option(names = "--timeout-ms", paramLabel = "MS", description = "Fail if one record takes longer (default 10000).")
  long timeoutMs = 10_000;

  @Override
  public Integer call() {
    if (records < 1 || recordSize < 0 || warmupRecords < 0 || partition < 0 || timeoutMs < 1) {
      throw new ParameterException(spec.commandLine(), "--records must be >= 1; sizes, counts and --partition >= 0");
    }
    TopicPartition tp = new TopicPartition(topic, partition);
    long[] samplesNs = new long[records];
    PrintStream out = context().out();
    try (StrandClient client = openClient(Map.of());
         Consumer<byte[], byte[]> consumer = client.newConsumer(ConsumerConfig.from(Map.of(
             ConsumerConfig.FETCH_MAX_WAIT_MS, "5000")), Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
      Producer<byte[], byte[]> producer = client.newProducer(ProducerConfig.from(new HashMap<>(Map.of(
          ProducerConfig.ACKS, "all", ProducerConfig.LINGER_MS, "0"))), Serdes.bytesSerializer(),
          Serdes.bytesSerializer());
      consumer.assign(List.of(tp));
      consumer.seekToEnd(List.of(tp));
      consumer.position(tp);
      Random random = new Random(0);
      byte[] value = new byte[recordSize];
      for (int i = -warmupRecords; i < records; i++) {
        random.nextBytes(value);
        long startNs = System.nanoTime();
        await(producer.send(new ProducerRecord<>(topic, partition, null, value.clone())), "produce");
        awaitRecord(consumer, value);
        long latencyNs = System.nanoTime() - startNs;
        if (i >= 0) {
          samplesNs[i] = latencyNs;
          if (i % 1000 == 0) {
            out.printf("%d\t%.3f%n", i, latencyNs / 1e6);
          }
        }
      }
      producer.close(Duration.ofSeconds(5));
    }
    printSummary(out, samplesNs);
    return 0;
  }

  private void awaitRecord(Consumer<byte[], byte[]> consumer, byte[] expected) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(timeoutMs));
      for (ConsumerRecord<byte[], byte[]> r : records) {
        if (!Arrays.equals(r.value(), expected)) {
          throw new StrandException("consumed a record at offset " + r.offset()
              + " that is not the one just produced; is another producer writing to " + r.topicPartition() + "?");
        }
        return;
      }
    }
    throw new StrandException("the record just produced was not consumed within " + timeoutMs + " ms");
  }

  private static void printSummary(PrintStream out, long[] samplesNs) {
    long[] sorted = samplesNs.clone();
    Arrays.sort(sorted);
    double avgMs = Arrays.stream(sorted).average().orElse(0) / 1e6;
    out.printf("Avg latency: %.4f ms%n", avgMs);
    out.printf("Percentiles: 50th = %d, 99th = %d, 99.9th = %d%n", wholeMs(sorted, 0.5), wholeMs(sorted, 0.99),
        wholeMs(sorted, 0.999));
    out.printf("Percentiles (ms): 50th = %.3f, 99th = %.3f, 99.9th = %.3f, max = %.3f%n", at(sorted, 0.5) / 1e6,
        at(sorted, 0.99) / 1e6, at(sorted, 0.999) / 1e6, sorted[sorted.length - 1] / 1e6);
  }

  private static long at(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))];
  }

  private static long wholeMs(long[] sorted, double quantile) {
    return TimeUnit.NANOSECONDS.toMillis(at(sorted, quantile));
  }
}
