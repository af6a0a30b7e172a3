package io.strand.cli;

import io.strand.client.StrandClient;
import io.strand.client.admin.TopicDescription;
import io.strand.client.error.StrandException;
import io.strand.client.producer.Acks;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.producer.SendResult;
import io.strand.client.serialization.Serdes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code strand produce}: one record per standard-input line. With {@code --print-acks}, one line {@code
 * PARTITION<TAB>OFFSET<TAB>VALUE} per acknowledged record, printed as the acknowledgement arrives. Exits 0 only when
 * every line was acknowledged; on the first failure it stops reading and exits 1 with the reason.
 *
 * <p>Not thread-safe; one instance runs one command.
 */
@Command(name = "produce", description = "Send standard-input lines as records.", mixinStandardHelpOptions = true)
final class ProduceCommand extends ClientCommand {
  @Option(names = "--topic", required = true, paramLabel = "T", description = "Topic to write to.")
  String topic;

  @Option(names = "--acks", paramLabel = "all|none", converter = AcksConverter.class,
      description = "all: wait until replicated and fsynced (default); none: do not wait.")
  Acks acks = Acks.ALL;

  @Option(names = "--key-separator", paramLabel = "SEP",
      description = "Split each line at the first SEP into key and value (a line without SEP is an error).")
  String keySeparator;

  @Option(names = "--partition", paramLabel = "P", description = "Write every record to partition P.")
  Integer partition;

  @Option(names = "--print-acks", description = "Print PARTITION<TAB>OFFSET<TAB>VALUE per acknowledged record.")
  boolean printAcks;

  @Option(names = "--producer-props", paramLabel = "K=V", split = ",",
      description = "Producer or client configs, comma-separated or repeated.")
  Map<String, String> producerProps = new LinkedHashMap<>();

  @Override
  public Integer call() throws IOException {
    if (keySeparator != null && keySeparator.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--key-separator must not be empty");
    }
    Map<String, String> config = new HashMap<>(withoutClientKeys(producerProps));
    config.put(ProducerConfig.ACKS, acks.configName());
    try (StrandClient client = openClient(producerProps)) {
      TopicDescription description = await(client.admin().describeTopic(topic), "topic " + topic);
      if (partition != null && (partition < 0 || partition >= description.partitions().size())) {
        throw new StrandException("topic " + topic + " has no partition " + partition + " (it has "
            + description.partitions().size() + ")");
      }
      Producer<String, String> producer = client.newProducer(ProducerConfig.from(config), Serdes.stringSerializer(),
          Serdes.stringSerializer());
      try {
        pump(producer);
      } finally {
        producer.close(Duration.ofSeconds(5));
      }
    }
    return 0;
  }

  private void pump(Producer<String, String> producer) throws IOException {
    AckPrinter acks = new AckPrinter(context().out(), printAcks);
    BufferedReader in = new BufferedReader(new InputStreamReader(context().in(), StandardCharsets.UTF_8));
    long lineNumber = 0;
    String line;
    while ((line = in.readLine()) != null) {
      lineNumber++;
      String key = null;
      String value = line;
      if (keySeparator != null) {
        int at = line.indexOf(keySeparator);
        if (at < 0) {
          throw new StrandException("line " + lineNumber + " has no key separator '" + keySeparator + "'");
        }
        key = line.substring(0, at);
        value = line.substring(at + keySeparator.length());
      }
      acks.track(lineNumber, value, producer.send(new ProducerRecord<>(topic, partition, key, value)));
      acks.throwIfFailed();
    }
    producer.flush();
    acks.awaitAll();
    acks.throwIfFailed();
  }

  /**
   * Prints each acknowledgement as it arrives (acknowledgement order: a send stuck on an unavailable partition holds
   * back no other line) and remembers the first failure.
   *
   * <p>Thread-safe: callbacks run on the producer's threads, the command thread checks for failures and waits.
   */
  private static final class AckPrinter {
    private final PrintStream out;
    private final boolean print;
    private final Object lock = new Object();
    private long outstanding;
    private StrandException failure;

    AckPrinter(PrintStream out, boolean print) {
      this.out = out;
      this.print = print;
    }

    void track(long line, String value, CompletableFuture<SendResult> ack) {
      synchronized (lock) {
        outstanding++;
      }
      ack.whenComplete((result, error) -> completed(line, value, result, error));
    }

    private void completed(long line, String value, SendResult result, Throwable error) {
      synchronized (lock) {
        if (error != null) {
          Throwable cause = error instanceof CompletionException && error.getCause() != null
              ? error.getCause() : error;
          if (failure == null) {
            failure = new StrandException("record of line " + line + " was not acknowledged: "
                + Failures.oneLine(cause), cause);
          }
        } else if (print) {
          out.print(result.partition() + "\t" + result.offset() + "\t" + value + "\n");
          if (out.checkError() && failure == null) {
            failure = new StrandException("standard output is closed");
          }
        }
        outstanding--;
        lock.notifyAll();
      }
    }

    /** Waits until every tracked send has been reported (the producer was flushed, so none is left pending). */
    void awaitAll() {
      synchronized (lock) {
        boolean interrupted = false;
        while (outstanding > 0) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      out.flush();
    }

    void throwIfFailed() {
      synchronized (lock) {
        if (failure != null) {
          throw failure;
        }
      }
    }
  }
}
