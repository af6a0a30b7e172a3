package io.strand.chaos.workload;

import io.strand.chaos.history.HistoryWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole workload: creates the topic, starts producers and consumers, stops them, and does the final
 * read.
 *
 * <p>Thread-safe for the lifecycle calls made by one runner thread; the workers run on their own threads.
 */
public final class Workload {
  private static final Logger LOG = LoggerFactory.getLogger(Workload.class);

  private final ClientLauncher clients;
  private final HistoryWriter history;
  private final WorkloadSettings settings;
  private final List<ProducerWorker> producers = new ArrayList<>();
  private final List<ConsumerWorker> consumers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  public Workload(ClientLauncher clients, HistoryWriter history, WorkloadSettings settings) {
    this.clients = clients;
    this.history = history;
    this.settings = settings;
  }

  public WorkloadSettings settings() {
    return settings;
  }

  /**
   * Creates the workload topic, retrying while the cluster is not ready; fails after {@code timeout}. Runs before
   * the history starts, so that the run's clock (and the fault plan) starts with the workload.
   */
  public static void createTopic(ClientLauncher clients, WorkloadSettings settings, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int attempt = 0;
    while (true) {
      attempt++;
      int code = clients.run("topics-create." + attempt, List.of("topics", "create", settings.topic(),
          "--partitions", Integer.toString(settings.partitions()), "--replication-factor",
          Integer.toString(settings.replicationFactor())));
      if (code == 0) {
        LOG.info("topic {} created ({} partitions, rf {})", settings.topic(), settings.partitions(),
            settings.replicationFactor());
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("could not create topic " + settings.topic() + " within " + timeout
            + "; see clients/topics-create.*.log");
      }
      TimeUnit.SECONDS.sleep(2);
    }
  }

  /** Starts every producer and consumer on its own thread. */
  public void start() {
    for (int i = 1; i <= settings.producers(); i++) {
      ProducerWorker worker = new ProducerWorker(i, clients, history, settings);
      producers.add(worker);
      threads.add(startThread("producer-" + i, worker));
    }
    for (int i = 1; i <= settings.consumers(); i++) {
      ConsumerWorker worker = new ConsumerWorker(i, clients, history, settings);
      consumers.add(worker);
      threads.add(startThread("consumer-" + i, worker));
    }
  }

  private static Thread startThread(String name, Runnable worker) {
    Thread t = new Thread(worker, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Stops the producers (letting in-flight sends finish within the grace period) and the consumers; returns the
   * producers that did not finish cleanly (each with the reason).
   */
  public List<String> stop() throws InterruptedException {
    producers.forEach(ProducerWorker::stop);
    consumers.forEach(ConsumerWorker::stop);
    long deadline = System.nanoTime() + settings.shutdownGrace().plusSeconds(10).toNanos();
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    producers.forEach(ProducerWorker::forceStop);
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(20));
      if (t.isAlive()) {
        LOG.warn("workload thread {} did not stop even after its process was killed", t.getName());
      }
    }
    return producers.stream().map(ProducerWorker::unfinished).flatMap(java.util.Optional::stream).toList();
  }

  /** The final read of every partition (up to three attempts until one ends cleanly). */
  public FinalReader.Result finalRead() throws IOException, InterruptedException {
    return new FinalReader(clients, history, settings).readAll(3);
  }
}
