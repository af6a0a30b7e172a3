package io.strand.cli;

import io.strand.cli.perf.ProducerStats;
import io.strand.cli.perf.Throttle;
import io.strand.client.StrandClient;
import io.strand.client.error.StrandException;
import io.strand.client.producer.Acks;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.serialization.Serdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code strand perf-produce}: Kafka's {@code kafka-producer-perf-test} for Strand. Sends {@code --records}
 * keyless records of {@code --record-size} random letters (as Kafka does), optionally paced to {@code
 * --throughput} records/s, and prints progress every 5 s and a final summary in Kafka's exact format.
 *
 * <p>Not thread-safe; one instance runs one command.
 */
@Command(name = "perf-produce", description = "Producer load test (output shaped like kafka-producer-perf-test).",
    mixinStandardHelpOptions = true)
final class PerfProduceCommand extends ClientCommand {
  @Option(names = "--topic", required = true, paramLabel = "T", description = "Topic to write to.")
  String topic;

  @Option(names = "--records", required = true, paramLabel = "N", description = "Records to send.")
  long records;

  @Option(names = "--record-size", required = true, paramLabel = "B", description = "Bytes per record value.")
  int recordSize;

  @Option(names = "--throughput", paramLabel = "R", description = "Records per second; -1 (default) for no limit.")
  double throughput = -1;

  @Option(names = "--acks", paramLabel = "all|none", converter = AcksConverter.class,
      description = "Acknowledgement mode (default all); overrides acks in --producer-props.")
  Acks acks;

  @Option(names = "--producer-props", paramLabel = "K=V", split = ",",
      description = "Producer or client configs, comma-separated or repeated (e.g. batch.size=65536,linger.ms=5).")
  Map<String, String> producerProps = new LinkedHashMap<>();

  @Option(names = "--reporting-interval-ms", paramLabel = "MS", description = "Progress line period (default 5000).")
  long reportingIntervalMs = 5000;

  @Override
  public Integer call() {
    if (records < 1 || recordSize < 0 || reportingIntervalMs < 1) {
      throw new ParameterException(spec.commandLine(),
          "--records must be >= 1, --record-size >= 0 and --reporting-interval-ms >= 1");
    }
    Map<String, String> config = new HashMap<>(withoutClientKeys(producerProps));
    if (acks != null) {
      config.put(ProducerConfig.ACKS, acks.configName());
    }
    byte[] payload = randomLetters(recordSize);
    AtomicReference<Exception> firstError = new AtomicReference<>();
    try (StrandClient client = openClient(producerProps)) {
      await(client.admin().describeTopic(topic), "topic " + topic);
      Producer<byte[], byte[]> producer = client.newProducer(ProducerConfig.from(config), Serdes.bytesSerializer(),
          Serdes.bytesSerializer());
      long startNs = System.nanoTime();
      ProducerStats stats = new ProducerStats(records, reportingIntervalMs, millis(startNs), context().out());
      Throttle throttle = new Throttle(throughput, startNs);
      try {
        for (long i = 0; i < records && firstError.get() == null; i++) {
          long sendNs = System.nanoTime();
          long iteration = i;
          producer.send(new ProducerRecord<>(topic, payload), (result, error) -> {
            long nowNs = System.nanoTime();
            if (error != null) {
              firstError.compareAndSet(null, error);
            } else {
              stats.record(iteration, TimeUnit.NANOSECONDS.toMillis(nowNs - sendNs), payload.length, millis(nowNs));
            }
          });
          throttle.pace(i + 1);
        }
        producer.flush();
      } finally {
        producer.close(Duration.ofSeconds(10));
      }
      stats.printTotal(millis(System.nanoTime()));
    }
    if (firstError.get() != null) {
      throw new StrandException("a record failed: " + Failures.oneLine(firstError.get()), firstError.get());
    }
    return 0;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static byte[] randomLetters(int size) {
    Random random = new Random(0);
    byte[] payload = new byte[size];
    for (int i = 0; i < size; i++) {
      payload[i] = (byte) ('A' + random.nextInt(26));
    }
    return payload;
  }
}
