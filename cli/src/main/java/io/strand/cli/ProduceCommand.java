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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
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
 * PARTITION<TAB>OFFSET<TAB>VALUE} per acknowledged record, in input order. Exits 0 only when every line was
 * acknowledged; on the first failure it stops reading and exits 1 with the reason.
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

  private record Pending(long line, String value, CompletableFuture<SendResult> ack) {}

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
    PrintStream out = context().out();
    Deque<Pending> pending = new ArrayDeque<>();
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
      CompletableFuture<SendResult> ack = producer.send(new ProducerRecord<>(topic, partition, key, value));
      pending.addLast(new Pending(lineNumber, value, ack));
      reportDone(pending, out, false);
    }
    producer.flush();
    reportDone(pending, out, true);
    out.flush();
  }

  /** Reports acknowledged records from the front of the queue (input order); with {@code all}, waits for all. */
  private void reportDone(Deque<Pending> pending, PrintStream out, boolean all) {
    while (!pending.isEmpty() && (all || pending.peekFirst().ack().isDone())) {
      Pending p = pending.pollFirst();
      SendResult result;
      try {
        result = p.ack().join();
      } catch (CompletionException e) {
        String reason = e.getCause() == null ? e.toString() : Failures.oneLine(e.getCause());
        throw new StrandException("record of line " + p.line() + " was not acknowledged: " + reason, e);
      }
      if (printAcks) {
        out.print(result.partition() + "\t" + result.offset() + "\t" + p.value() + "\n");
      }
    }
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("standard output is closed"));
    }
  }
}
