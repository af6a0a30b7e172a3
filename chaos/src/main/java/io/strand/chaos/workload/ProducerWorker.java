package io.strand.chaos.workload;

import io.strand.chaos.history.HistoryWriter;
import io.strand.chaos.history.Op;
import io.strand.chaos.history.OpFunction;
import io.strand.chaos.history.OpType;
import io.strand.chaos.history.ReadRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical producer: feeds unique values ({@code <index>-<counter>}) to a {@code strand produce --acks all
 * --print-acks} process at a steady rate with a bounded number in flight, and records a send invoke per value
 * written and an ok per acknowledgement. If the process dies, its unacknowledged values become info (unknown) and
 * a new incarnation (a new producer id, history process {@code producer-<index>.<incarnation>}) takes over.
 *
 * <p>Thread-safe: {@link #run} runs on one thread; the ack reader on another; shared state is guarded by
 * {@code this}.
 *
 * <p>{@code strand produce} prints each ack as it arrives (a send stuck on an unavailable partition holds back no
 * other ack), so the worker keeps feeding at its rate; back-pressure comes from the pipe (the CLI stops reading
 * when the SDK's buffer is full). The in-flight bound only caps the worker's own memory.
 */
final class ProducerWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerWorker.class);

  private final int index;
  private final ClientLauncher clients;
  private final HistoryWriter history;
  private final WorkloadSettings settings;
  private final Map<String, Op> inFlight = new LinkedHashMap<>();
  private volatile boolean stopping;
  private volatile Process current;
  private volatile String unfinished;
  private long counter;
  private int incarnation;

  ProducerWorker(int index, ClientLauncher clients, HistoryWriter history, WorkloadSettings settings) {
    this.index = index;
    this.clients = clients;
    this.history = history;
    this.settings = settings;
  }

  /** Asks the worker to stop sending; {@link #run} then drains in-flight sends and returns. */
  void stop() {
    stopping = true;
  }

  /**
   * Ends the produce process now, for a worker that did not stop in time (its process stopped reading stdin, so
   * the writer is blocked); what is still in flight becomes info.
   */
  void forceStop() {
    stopping = true;
    Process p = current;
    if (p != null) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /**
   * Why the last incarnation did not finish cleanly after {@link #stop} (did not exit 0 within the grace period
   * after its input ended), or empty if it did.
   */
  java.util.Optional<String> unfinished() {
    return java.util.Optional.ofNullable(unfinished);
  }

  @Override
  public void run() {
    while (!stopping) {
      incarnation++;
      String process = "producer-" + index + "." + incarnation;
      try {
        runIncarnation(process);
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

  private void runIncarnation(String process) throws IOException, InterruptedException {
    Process cli = clients.start(process, List.of("produce", "--topic", settings.topic(), "--acks", "all",
        "--print-acks"));
    current = cli;
    Thread acks = new Thread(() -> readAcks(process, cli), process + "-acks");
    acks.setDaemon(true);
    acks.start();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / settings.sendsPerSecond();
    long next = System.nanoTime();
    try (BufferedWriter stdin = new BufferedWriter(new OutputStreamWriter(cli.getOutputStream(),
        StandardCharsets.UTF_8))) {
      while (!stopping && cli.isAlive()) {
        if (!awaitWindow(cli)) {
          continue;
        }
        String value = index + "-" + counter++;
        synchronized (this) {
          inFlight.put(value, history.append(Op.invoke(process, OpFunction.SEND, history.now()).value(value).build()));
        }
        stdin.write(value);
        stdin.newLine();
        stdin.flush();
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        } else {
          next = System.nanoTime();
        }
      }
    } catch (IOException e) {
      LOG.info("{}: stdin closed: {}", process, e.getMessage());
    }
    finish(process, cli, acks);
  }

  /** Waits (briefly) until fewer than maxInFlight sends are open; false if it should re-check the loop. */
  private synchronized boolean awaitWindow(Process cli) throws InterruptedException {
    if (inFlight.size() < settings.maxInFlight()) {
      return true;
    }
    wait(200);
    return inFlight.size() < settings.maxInFlight() && cli.isAlive();
  }

  private void finish(String process, Process cli, Thread acks) throws InterruptedException {
    Duration grace = stopping ? settings.shutdownGrace() : Duration.ofSeconds(1);
    boolean exited = cli.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      cli.descendants().forEach(ProcessHandle::destroyForcibly);
      cli.destroyForcibly();
      cli.waitFor();
    }
    acks.join(TimeUnit.SECONDS.toMillis(10));
    int exit = cli.exitValue();
    if (stopping && (!exited || exit != 0)) {
      unfinished = process + (exited ? " exited with code " + exit : " was still delivering " + grace
          + " after its input ended and was killed");
    }
    synchronized (this) {
      for (Op invoke : inFlight.values()) {
        history.append(invoke.completeAs(OpType.INFO, history.now())
            .error("no ack; produce process ended with exit code " + exit).build());
      }
      if (!inFlight.isEmpty()) {
        LOG.info("{}: {} sends unacknowledged when the process ended (exit {})", process, inFlight.size(), exit);
      }
      inFlight.clear();
    }
  }

  private void readAcks(String process, Process cli) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        Optional<ReadRecord> ack = CliLines.parse(line);
        if (ack.isEmpty()) {
          LOG.debug("{}: ignoring output line '{}'", process, line);
          continue;
        }
        acknowledge(process, ack.get());
      }
    } catch (IOException e) {
      LOG.info("{}: ack stream closed: {}", process, e.getMessage());
    }
  }

  private synchronized void acknowledge(String process, ReadRecord ack) {
    Op invoke = inFlight.remove(ack.value());
    if (invoke == null) {
      LOG.warn("{}: ack for a value not in flight: {}", process, ack);
      return;
    }
    history.append(Op.complete(process, OpType.OK, OpFunction.SEND, history.now()).value(ack.value())
        .partition(ack.partition()).offset(ack.offset()).build());
    notifyAll();
  }
}
