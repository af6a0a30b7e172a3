package io.strand.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strand.client.StrandClient;
import io.strand.client.TopicPartition;
import io.strand.client.admin.NewTopic;
import io.strand.client.consumer.Consumer;
import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.producer.Producer;
import io.strand.client.producer.ProducerConfig;
import io.strand.client.producer.ProducerRecord;
import io.strand.client.serialization.Serdes;
import io.strand.server.testkit.MiniCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Consumer groups under failures, with real Ratis and gRPC on loopback and members that consume and commit the
 * whole time: the node coordinating the group is stopped mid-run, and a member running in its own JVM is killed
 * with SIGKILL. Committed offsets must never go back or get lost, consumption must continue, a partition must
 * never have two owners, and a dead member's partitions must move to the survivors within its session timeout and
 * resume from its committed offsets.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GroupFailuresIT {

  private static final int PARTITIONS = 4;

  private static MiniCluster cluster;
  private static StrandClient client;

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<GroupWorker> workers = new ArrayList<>();
  private final List<ProducerLoop> producers = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void start() {
    // One offsets partition: every group has the same coordinator, which the first test stops.
    cluster = MiniCluster.builder().nodes(3).configure(b -> b.offsetsPartitions(1)).start();
    client = StrandClient.create(Map.of("bootstrap.servers", cluster.bootstrap()));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void stopMembers() throws InterruptedException {
    producers.forEach(ProducerLoop::stop);
    workers.forEach(GroupWorker::stop);
    processes.forEach(Process::destroyForcibly);
    threads.shutdown();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void committedOffsetsSurviveACoordinatorFailoverWhileMembersConsume() throws Exception {
    String topic = "coordinated";
    String group = "failover-group";
    client.admin().createTopic(new NewTopic(topic, PARTITIONS, 3)).join();
    GroupLedger ledger = new GroupLedger();
    ProducerLoop producer = new ProducerLoop(topic);
    producers.add(producer);
    Future<?> producing = threads.submit(producer);
    for (int i = 0; i < 2; i++) {
      startWorker("worker-" + i, group, topic, 6000, ledger);
    }
    Set<TopicPartition> all = partitions(topic);
    try (Consumer<String, String> reader = reader(group)) {
      watching(ledger, Duration.ofSeconds(60)).until(() -> {
        observe(reader, all, ledger);
        return ledger.commitCount() >= 20 && ledger.owners().size() == PARTITIONS;
      });

      int coordinator = coordinatorOf(group);
      cluster.stop(coordinator);
      try {
        Map<TopicPartition, Long> acknowledgedBeforeKill = ledger.acknowledgedCommits();
        int commitsAtKill = ledger.commitCount();
        int consumedAtKill = ledger.consumedValues().size();

        watching(ledger, Duration.ofSeconds(60)).until(() -> {
          observe(reader, all, ledger);
          return ledger.commitCount() >= commitsAtKill + 20 && ledger.consumedValues().size() > consumedAtKill + 100;
        });
        assertThat(coordinatorOf(group)).isNotEqualTo(coordinator);
        Map<TopicPartition, Long> afterFailover = reader.committed(all);
        acknowledgedBeforeKill.forEach((tp, offset) -> assertThat(afterFailover.get(tp))
            .as("committed offset of %s after the failover", tp).isGreaterThanOrEqualTo(offset));

        producer.stop();
        producing.get(60, TimeUnit.SECONDS);
        watching(ledger, Duration.ofSeconds(60))
            .untilAsserted(() -> {
              observe(reader, all, ledger);
              assertThat(ledger.consumedValues()).containsAll(producer.acknowledged());
              assertThat(reader.committed(all)).isEqualTo(reader.endOffsets(all));
            });
      } finally {
        cluster.restart(coordinator);
      }
    }
    assertThat(ledger.violations()).isEmpty();
  }

  @Test
  void partitionsOfASigkilledMemberMoveToTheSurvivorsAndResumeFromItsCommits() throws Exception {
    String topic = "survivors";
    String group = "sigkill-group";
    int sessionTimeoutMs = 3000;
    client.admin().createTopic(new NewTopic(topic, PARTITIONS, 3)).join();
    GroupLedger ledger = new GroupLedger();
    ProducerLoop producer = new ProducerLoop(topic);
    producers.add(producer);
    Future<?> producing = threads.submit(producer);
    MemberProcess victim = startMemberProcess(group, topic, sessionTimeoutMs);
    await().atMost(Duration.ofSeconds(60)).until(() -> victim.owned.size() == PARTITIONS
        && victim.committed.size() == PARTITIONS);
    for (int i = 0; i < 2; i++) {
      startWorker("survivor-" + i, group, topic, sessionTimeoutMs, ledger);
    }
    Set<TopicPartition> all = partitions(topic);
    try (Consumer<String, String> reader = reader(group)) {
      watching(ledger, Duration.ofSeconds(60)).until(() -> {
        Set<TopicPartition> owned = victim.owned();
        return !owned.isEmpty() && ledger.owners().size() + owned.size() == PARTITIONS && ledger.commitCount() > 0
            && victim.committed.keySet().containsAll(owned);
      });
      Set<TopicPartition> moving = victim.owned();

      victim.process.destroyForcibly();
      assertThat(victim.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long killedAtNanos = System.nanoTime();
      Map<TopicPartition, Long> committedAtKill = reader.committed(moving);
      ledger.resetTakeovers();
      victim.committed.forEach((tp, offset) -> {
        if (moving.contains(tp)) {
          assertThat(committedAtKill.get(tp)).as("acknowledged commit of %s", tp).isGreaterThanOrEqualTo(offset);
        }
      });

      watching(ledger, Duration.ofMillis(sessionTimeoutMs + 5000))
          .until(() -> ledger.owners().keySet().containsAll(moving));
      long movedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAtNanos);
      assertThat(movedAfterMs).as("partitions stay with the dead member until its session expires")
          .isGreaterThanOrEqualTo(sessionTimeoutMs / 2);
      watching(ledger, Duration.ofSeconds(30)).until(() -> ledger.firstOffsetsAfterTakeover().keySet()
          .containsAll(moving));
      Map<TopicPartition, Long> resumedAt = ledger.firstOffsetsAfterTakeover();
      moving.forEach(tp -> assertThat(resumedAt.get(tp)).as("first offset of %s after the takeover", tp)
          .isEqualTo(committedAtKill.get(tp)));

      producer.stop();
      producing.get(60, TimeUnit.SECONDS);
      watching(ledger, Duration.ofSeconds(60))
          .untilAsserted(() -> {
            observe(reader, all, ledger);
            assertThat(reader.committed(all)).isEqualTo(reader.endOffsets(all));
          });
      long end = reader.endOffsets(all).values().stream().mapToLong(Long::longValue).sum();
      assertThat(end).isEqualTo(producer.acknowledged().size());
    }
    assertThat(ledger.violations()).isEmpty();
  }

  /** Waits like Awaitility, but stops at once when a member breaks a group guarantee, naming it. */
  private static ConditionFactory watching(GroupLedger ledger, Duration atMost) {
    return await().atMost(atMost).pollInSameThread().pollInterval(Duration.ofMillis(50))
        .failFast("a group guarantee was broken", () -> assertThat(ledger.violations()).isEmpty());
  }

  private void startWorker(String name, String group, String topic, int sessionTimeoutMs, GroupLedger ledger) {
    GroupWorker worker = new GroupWorker(name, client, Map.of("group.id", group, "auto.offset.reset", "earliest",
        "enable.auto.commit", "false", "session.timeout.ms", Integer.toString(sessionTimeoutMs),
        "fetch.max.wait.ms", "100"), topic, ledger);
    workers.add(worker);
    threads.submit(worker);
  }

  private MemberProcess startMemberProcess(String group, String topic, int sessionTimeoutMs) throws IOException {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        GroupMemberProcess.class.getName(), cluster.bootstrap(), group, topic, Integer.toString(sessionTimeoutMs))
        .redirectErrorStream(true).start();
    processes.add(process);
    MemberProcess member = new MemberProcess(process);
    threads.submit(member::readEvents);
    return member;
  }

  private static Consumer<String, String> reader(String group) {
    return client.newConsumer(ConsumerConfig.from(Map.of("group.id", group)), Serdes.stringDeserializer(),
        Serdes.stringDeserializer());
  }

  /** Reads the committed offsets (skipping a read that fails while the coordinator moves). */
  private static void observe(Consumer<String, String> reader, Set<TopicPartition> all, GroupLedger ledger) {
    Map<TopicPartition, Long> committed;
    try {
      committed = reader.committed(all);
    } catch (RuntimeException e) {
      return;
    }
    ledger.observedCommitted(committed);
  }

  private static Set<TopicPartition> partitions(String topic) {
    return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
  }

  private static int coordinatorOf(String group) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> cluster.nodeIds().stream()
        .filter(n -> cluster.isRunning(n) && cluster.node(n).coordinates(group)).findFirst(),
        java.util.Optional::isPresent).orElseThrow();
  }

  /** Produces numbered records in small acknowledged batches until stopped; remembers every acknowledged one. */
  private static final class ProducerLoop implements Runnable {
    private final String topic;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    ProducerLoop(String topic) {
      this.topic = topic;
    }

    void stop() {
      stopped.set(true);
    }

    Set<String> acknowledged() {
      return Set.copyOf(acknowledged);
    }

    @Override
    public void run() {
      try (Producer<String, String> producer = client.newProducer(ProducerConfig.from(Map.of()),
          Serdes.stringSerializer(), Serdes.stringSerializer())) {
        for (int i = 0; !stopped.get(); i++) {
          String value = topic + "-" + i;
          producer.send(new ProducerRecord<>(topic, "k" + i, value)).thenRun(() -> acknowledged.add(value));
          if (i % 10 == 9) {
            producer.flush();
          }
        }
        producer.flush();
      }
    }
  }

  /** A {@link GroupMemberProcess} and what it reported so far. */
  private static final class MemberProcess {
    final Process process;
    final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

    MemberProcess(Process process) {
      this.process = process;
    }

    Set<TopicPartition> owned() {
      return Set.copyOf(owned);
    }

    void readEvents() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.startsWith(GroupMemberProcess.PREFIX)) {
            continue;
          }
          String[] f = line.substring(GroupMemberProcess.PREFIX.length()).split(" ");
          switch (f[0]) {
            case "assigned" -> owned.add(new TopicPartition(f[1], Integer.parseInt(f[2])));
            case "revoked" -> owned.remove(new TopicPartition(f[1], Integer.parseInt(f[2])));
            case "committed" -> committed.merge(new TopicPartition(f[1], Integer.parseInt(f[2])),
                Long.parseLong(f[3]), Math::max);
            default -> { }
          }
        }
      } catch (IOException e) {
        // The process was killed; its output ends here.
      }
    }
  }
}
