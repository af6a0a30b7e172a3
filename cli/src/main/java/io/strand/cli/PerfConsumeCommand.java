package io.strand.cli;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.ConsumerRecord;
import io.strand.client.consumer.ConsumerRecords;
import io.strand.client.error.StrandException;
import io.strand.client.serialization.Serdes;
import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code strand perf-consume}: Kafka's {@code kafka-consumer-perf-test} for Strand. Reads {@code --records}
 * records from the beginning of every partition and prints progress lines in the shape of Kafka's detailed
 * stats, then Kafka's summary header and line ({@code start.time, end.time, data.consumed.in.MB, MB.sec,
 * data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}).
 * Without consumer groups there is no rebalance: {@code rebalance.time.ms} is 0.
 *
 * <p>Not thread-safe; one instance runs one command.
 */
@Command(name = "perf-consume", description = "Consumer load test (output shaped like kafka-consumer-perf-test).",
    mixinStandardHelpOptions = true)
final class PerfConsumeCommand extends ClientCommand {
  private static final double MB = 1024.0 * 1024.0;

  @Option(names = "--topic", required = true, paramLabel = "T", description = "Topic to read.")
  String topic;

  @Option(names = "--records", required = true, paramLabel = "N", description = "Records to read.")
  long records;

  @Option(names = "--timeout-ms", paramLabel = "MS",
      description = "Give up after MS without a record (default 10000); exits 1.")
  long timeoutMs = 10_000;

  @Option(names = "--reporting-interval-ms", paramLabel = "MS", description = "Progress line period (default 5000).")
  long reportingIntervalMs = 5000;

  @Option(names = "--consumer-props", paramLabel = "K=V", split = ",",
      description = "Consumer or client configs, comma-separated or repeated.")
  Map<String, String> consumerProps = new LinkedHashMap<>();

  private final SimpleDateFormat dateFormat = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss:SSS");

  @Override
  public Integer call() {
    if (records < 1 || timeoutMs < 1 || reportingIntervalMs < 1) {
      throw new ParameterException(spec.commandLine(),
          "--records, --timeout-ms and --reporting-interval-ms must be >= 1");
    }
    Map<String, String> config = new HashMap<>(withoutClientKeys(consumerProps));
    PrintStream out = context().out();
    long startMs = System.currentTimeMillis();
    long messages = 0;
    long bytes = 0;
    try (StrandClient client = openClient(consumerProps);
         Consumer<byte[], byte[]> consumer = client.newConsumer(ConsumerConfig.from(config),
             Serdes.bytesDeserializer(), Serdes.bytesDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      out.println("time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
          + "rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec");
      long lastRecordMs = System.currentTimeMillis();
      long windowStartMs = lastRecordMs;
      long windowMessages = 0;
      long windowBytes = 0;
      while (messages < records && System.currentTimeMillis() - lastRecordMs <= timeoutMs) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
        long now = System.currentTimeMillis();
        if (!batch.isEmpty()) {
          lastRecordMs = now;
        }
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          messages++;
          long size = Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
          bytes += size;
          windowMessages++;
          windowBytes += size;
        }
        if (now - windowStartMs >= reportingIntervalMs) {
          printProgress(out, now, startMs, windowStartMs, bytes, windowBytes, messages, windowMessages);
          windowStartMs = now;
          windowMessages = 0;
          windowBytes = 0;
        }
      }
    }
    long endMs = System.currentTimeMillis();
    printSummary(out, startMs, endMs, bytes, messages);
    if (messages < records) {
      throw new StrandException("exiting before consuming the expected number of messages: " + messages + " of "
          + records + " read, no record for " + timeoutMs + " ms (--timeout-ms)");
    }
    return 0;
  }

  private void printProgress(PrintStream out, long now, long startMs, long windowStartMs, long bytes,
                             long windowBytes, long messages, long windowMessages) {
    double windowSec = Math.max(1, now - windowStartMs) / 1000.0;
    double fetchSec = Math.max(1, now - startMs) / 1000.0;
    out.printf("%s, %d, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f%n", dateFormat.format(new Date(now)), 0,
        bytes / MB, windowBytes / MB / windowSec, messages, windowMessages / windowSec, 0, now - startMs,
        bytes / MB / fetchSec, messages / fetchSec);
  }

  private void printSummary(PrintStream out, long startMs, long endMs, long bytes, long messages) {
    double elapsedSec = Math.max(1, endMs - startMs) / 1000.0;
    out.println("start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
        + "rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec");
    out.printf("%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f%n", dateFormat.format(new Date(startMs)),
        dateFormat.format(new Date(endMs)), bytes / MB, bytes / MB / elapsedSec, messages, messages / elapsedSec, 0,
        endMs - startMs, bytes / MB / elapsedSec, messages / elapsedSec);
  }
}
