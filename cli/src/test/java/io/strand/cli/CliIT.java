package io.strand.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strand.server.testkit.MiniCluster;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real commands, in-process, against a real 3-node cluster. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CliIT {
  private static MiniCluster cluster;
  private static CliHarness cli;

  @BeforeAll
  static void start() {
    cluster = MiniCluster.builder().nodes(3).start();
    cli = new CliHarness(Map.of("STRAND_BOOTSTRAP", cluster.bootstrap()));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String node(int id) {
    return "127.0.0.1:" + cluster.config(id).grpcPort();
  }

  private static CliHarness.Run ok(CliHarness.Run run) {
    assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
    return run;
  }

  @Test
  void clusterDescribeListsEveryNodeOnALineStartingWithItsId() {
    CliHarness.Run run = ok(cli.run("cluster", "describe"));

    List<String> nodeLines = run.out().lines().filter(l -> l.matches("^ *[0-9]+.*")).toList();
    assertThat(nodeLines).hasSize(3);
    assertThat(nodeLines).anySatisfy(l -> assertThat(l).startsWith("1 ").contains(node(1)));
    assertThat(run.out().lines().findFirst()).hasValueSatisfying(h -> assertThat(h).startsWith("ID"));
  }

  @Test
  void topicsLifecycle() {
    assertThat(ok(cli.run("topics", "create", "life", "--partitions", "2", "--replication-factor", "3",
        "--config", "retention.ms=3600000")).out()).isEqualTo("Created topic life.\n");
    assertThat(ok(cli.run("topics", "list")).out().lines()).contains("life");
    cluster.awaitLeader("life", 0);
    cluster.awaitLeader("life", 1);

    String described = ok(cli.run("topics", "describe", "life")).out();
    assertThat(described).contains("Topic: life\t", "PartitionCount: 2", "ReplicationFactor: 3",
        "retention.ms=3600000", "\tPartition: 1\t");
    assertThat(ok(cli.run("topics", "alter", "life", "--config", "retention.ms=7200000")).out())
        .contains("retention.ms=7200000");
    assertThat(ok(cli.run("topics", "add-partitions", "life", "--partitions", "3")).out())
        .isEqualTo("Topic life now has 3 partitions.\n");

    CliHarness.Run duplicate = cli.run("topics", "create", "life", "--partitions", "1", "--replication-factor", "1");
    assertThat(duplicate.exitCode()).isEqualTo(1);
    assertThat(duplicate.err()).startsWith("strand: ").contains("TOPIC_ALREADY_EXISTS");
    assertThat(duplicate.err().strip().lines()).hasSize(1);

    assertThat(ok(cli.run("topics", "delete", "life")).out()).isEqualTo("Deleted topic life.\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> !cli.run("topics", "list").out().lines().toList()
        .contains("life"));
    CliHarness.Run missing = cli.run("topics", "describe", "life");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).startsWith("strand: ");
  }

  @Test
  void linesProducedThroughOneNodeAreConsumedThroughAnotherAtTheirAckedOffsets() {
    ok(cli.run("topics", "create", "roundtrip", "--partitions", "3", "--replication-factor", "3"));
    for (int p = 0; p < 3; p++) {
      cluster.awaitLeader("roundtrip", p);
    }
    String input = IntStream.range(0, 500).mapToObj(i -> "v" + i).collect(Collectors.joining("\n", "", "\n"));

    CliHarness.Run produced = ok(cli.runWithInput(input, "--bootstrap", node(1), "--routing", "proxy", "produce",
        "--topic", "roundtrip", "--print-acks"));
    List<String> acks = produced.out().lines().toList();
    assertThat(acks).hasSize(500);
    Map<String, String> ackedAt = new HashMap<>();
    Map<String, Integer> lastInputIndexAt = new HashMap<>();
    List<String> byOffset = acks.stream().sorted(Comparator.comparing((String a) -> a.split("\t")[0])
        .thenComparingLong(a -> Long.parseLong(a.split("\t")[1]))).toList();
    for (String ack : byOffset) {
      String[] fields = ack.split("\t");
      assertThat(fields).hasSize(3);
      int inputIndex = Integer.parseInt(fields[2].substring(1));
      assertThat(inputIndex).as("one partition's records in input order: %s", ack)
          .isGreaterThan(lastInputIndexAt.getOrDefault(fields[0], -1));
      lastInputIndexAt.put(fields[0], inputIndex);
      assertThat(ackedAt.put(fields[2], fields[0] + ":" + fields[1])).as("acked once: %s", ack).isNull();
    }
    assertThat(ackedAt).hasSize(500);

    CliHarness.Run consumed = ok(cli.run("--bootstrap", node(3), "--routing", "proxy", "consume", "--topic",
        "roundtrip", "--from-beginning", "--max-messages", "500", "--idle-timeout-ms", "20000", "--print-key",
        "--print-offset"));
    List<String> lines = consumed.out().lines().toList();
    assertThat(lines).hasSize(500);
    for (String line : lines) {
      String[] fields = line.split("\t");
      assertThat(fields).hasSize(4);
      assertThat(fields[2]).isEqualTo("null");
      assertThat(ackedAt.get(fields[3])).as(line).isEqualTo(fields[0] + ":" + fields[1]);
    }
    assertThat(consumed.err()).contains("Processed a total of 500 messages");
  }

  @Test
  void groupConsumeDescribeResetAndDelete() {
    ok(cli.run("topics", "create", "grp", "--partitions", "2", "--replication-factor", "3"));
    String input = IntStream.range(0, 10).mapToObj(i -> "g" + i).collect(Collectors.joining("\n", "", "\n"));
    ok(cli.runWithInput(input, "produce", "--topic", "grp"));

    CliHarness.Run first = ok(cli.run("consume", "--topic", "grp", "--group", "cg", "--from-beginning",
        "--max-messages", "10", "--idle-timeout-ms", "30000"));
    assertThat(first.out().lines()).hasSize(10);
    assertThat(ok(cli.run("groups", "list")).out().lines()).contains("cg EMPTY 0");

    List<String> described = ok(cli.run("groups", "describe", "cg")).out().lines().toList();
    assertThat(described.get(0)).isEqualTo("TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG MEMBER");
    assertThat(described).hasSize(3);
    for (String row : described.subList(1, 3)) {
      String[] f = row.split("\\s+");
      assertThat(f).hasSize(6);
      assertThat(f[0]).isEqualTo("grp");
      assertThat(f[2]).as(row).isEqualTo(f[3]);
      assertThat(f[4]).isEqualTo("0");
      assertThat(f[5]).isEqualTo("-");
    }

    assertThat(ok(cli.run("groups", "reset-offsets", "cg", "--topic", "grp", "--to-earliest")).out().lines()
        .skip(1)).allSatisfy(row -> assertThat(row).endsWith(" 0"));
    CliHarness.Run again = ok(cli.run("consume", "--topic", "grp", "--group", "cg", "--max-messages", "10",
        "--idle-timeout-ms", "30000"));
    assertThat(again.out().lines().sorted().toList()).isEqualTo(first.out().lines().sorted().toList());

    assertThat(ok(cli.run("groups", "delete", "cg")).out()).isEqualTo("Deleted group cg.\n");
    assertThat(cli.run("groups", "describe", "cg").exitCode()).isEqualTo(1);
  }

  @Test
  void keysPartitionsAndIdleTimeout() {
    ok(cli.run("topics", "create", "keyed", "--partitions", "6", "--replication-factor", "1"));
    for (int p = 0; p < 6; p++) {
      cluster.awaitLeader("keyed", p);
    }
    CliHarness.Run produced = ok(cli.runWithInput("key-3:a\nuser-1234:b\n", "produce", "--topic", "keyed",
        "--key-separator", ":", "--print-acks"));
    assertThat(produced.out().lines()).containsExactlyInAnyOrder("5\t0\ta", "4\t0\tb");

    ok(cli.runWithInput("x\ny\n", "produce", "--topic", "keyed", "--partition", "2"));
    CliHarness.Run one = ok(cli.run("consume", "--topic", "keyed", "--partition", "2", "--offset", "1",
        "--idle-timeout-ms", "2000", "--print-offset"));
    assertThat(one.out()).isEqualTo("2\t1\ty\n");
    CliHarness.Run tooFew = cli.run("consume", "--topic", "keyed", "--partition", "2", "--offset", "1",
        "--max-messages", "5", "--idle-timeout-ms", "2000", "--print-offset");
    assertThat(tooFew.exitCode()).as("asked for 5, got 1").isEqualTo(1);
    assertThat(tooFew.out()).isEqualTo("2\t1\ty\n");
    assertThat(tooFew.err()).contains("Processed a total of 1 messages").contains("read 1 of 5 messages");

    CliHarness.Run keyOnly = ok(cli.run("consume", "--topic", "keyed", "--partition", "5", "--from-beginning",
        "--max-messages", "1", "--print-key"));
    assertThat(keyOnly.out()).isEqualTo("key-3\ta\n");
  }

  @Test
  void producingToAMissingTopicOrWithBadFlagsFails() {
    CliHarness.Run missing = cli.runWithInput("x\n", "produce", "--topic", "no-such-topic");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).startsWith("strand: ").contains("no-such-topic");
    assertThat(missing.err().strip().lines()).hasSize(1);

    CliHarness.Run usage = cli.run("produce", "--topic", "x", "--acks", "several");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(cli.run("consume", "--topik", "x").exitCode()).isEqualTo(2);
  }

  @Test
  void perfToolsPrintKafkaShapedSummaries() {
    ok(cli.run("topics", "create", "perf", "--partitions", "2", "--replication-factor", "3"));
    cluster.awaitLeader("perf", 0);
    cluster.awaitLeader("perf", 1);

    CliHarness.Run produce = ok(cli.run("perf-produce", "--topic", "perf", "--records", "2000", "--record-size",
        "100", "--throughput", "-1", "--producer-props", "linger.ms=5,batch.size=16384"));
    assertThat(produce.out().lines().reduce((a, b) -> b)).hasValueSatisfying(last -> assertThat(last).matches(
        "2000 records sent, [0-9.]+ records/sec \\([0-9.]+ MB/sec\\), [0-9.]+ ms avg latency, [0-9.]+ ms max "
            + "latency, [0-9]+ ms 50th, [0-9]+ ms 95th, [0-9]+ ms 99th, [0-9]+ ms 99\\.9th\\."));

    CliHarness.Run consume = ok(cli.run("perf-consume", "--topic", "perf", "--records", "2000"));
    List<String> lines = consume.out().lines().toList();
    assertThat(lines.get(lines.size() - 2)).isEqualTo("start.time, end.time, data.consumed.in.MB, MB.sec, "
        + "data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec");
    assertThat(lines.get(lines.size() - 1)).contains(", 2000, ");

    CliHarness.Run e2e = ok(cli.run("perf-e2e", "--topic", "perf", "--records", "30", "--record-size", "64",
        "--partition", "1"));
    assertThat(e2e.out()).containsPattern("Avg latency: [0-9.]+ ms")
        .containsPattern("Percentiles: 50th = [0-9]+, 99th = [0-9]+, 99.9th = [0-9]+");
  }
}
