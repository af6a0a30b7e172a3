package io.strand.chaos.workload;

import io.strand.chaos.history.HistoryWriter;
import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpFunction;
import io.strand.chaos.history.OpType;
import io.strand.chaos.history.ReadRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer: a {@code strand consume --from-beginning --print-offset} process over every partition (an
 * assigned-partition reader; consumer groups come later). Each chunk of output is a poll in the history. A new
 * incarnation ({@code consumer-<index>.<incarnation>}, starting with an assign of all partitions) replaces a
 * process that ended.
 *
 * <p>Thread-safe: {@link #run} owns all state; {@link #stop} only flips a flag and ends the process.
 */
final class ConsumerWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerWorker.class);

  private final int index;
  private final ClientLauncher clients;
  private final HistoryWriter history;
  private final WorkloadSettings settings;
  private volatile boolean stopping;
  private volatile Process current;

  ConsumerWorker(int index, ClientLauncher clients, HistoryWriter history, WorkloadSettings settings) {
    this.index = index;
    this.clients = clients;
    this.history = history;
    this.settings = settings;
  }

  void stop() {
    stopping = true;
    Process p = current;
    if (p != null) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Override
  public void run() {
    int incarnation = 0;
    while (!stopping) {
      incarnation++;
      String process = "consumer-" + index + "." + incarnation;
      try {
        consume(process);
        if (!stopping) {
          TimeUnit.SECONDS.sleep(1);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("{}: {}", process, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void consume(String process) throws IOException, InterruptedException {
    List<Integer> partitions = IntStream.range(0, settings.partitions()).boxed().toList();
    history.append(Op.invoke(process, OpFunction.ASSIGN, history.now()).partitions(partitions).build());
    history.append(Op.complete(process, OpType.OK, OpFunction.ASSIGN, history.now()).partitions(partitions).build());
    Process cli = clients.start(process, List.of("consume", "--topic", settings.topic(), "--from-beginning",
        "--print-offset", "--idle-timeout-ms", Long.toString(TimeUnit.DAYS.toMillis(1))));
    current = cli;
    cli.getOutputStream().close();
    if (stopping) {
      stop();
    }
    RecordStream stream = new RecordStream(new BufferedReader(new InputStreamReader(cli.getInputStream(),
        StandardCharsets.UTF_8)), process);
    while (true) {
      Op invoke = history.append(Op.invoke(process, OpFunction.POLL, history.now()).build());
      Optional<List<ReadRecord>> chunk = stream.next();
      if (chunk.isEmpty()) {
        cli.waitFor();
        history.append(invoke.completeAs(OpType.INFO, history.now())
            .error("consume process ended with exit code " + cli.exitValue()).build());
        if (!stopping) {
          LOG.info("{}: consume process ended (exit {}); starting a new one", process, cli.exitValue());
        }
        return;
      }
      history.append(invoke.completeAs(OpType.OK, history.now()).records(chunk.get()).build());
    }
  }
}
