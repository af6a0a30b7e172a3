package io.strand.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.api.v1.CommitOffset;
import io.strand.api.v1.CommitOffsetsRequest;
import io.strand.api.v1.ErrorCode;
import io.strand.api.v1.GroupServiceGrpc;
import io.strand.server.testkit.MiniCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus with {@code deploy/prometheus} scrapes three nodes: every target is up, the produce rate is
 * above zero under load, under-replicated partitions appear while a node is down, every rule evaluates without
 * error, and every metric the alert rules and the Grafana dashboard query exists. {@code promtool} validates the
 * config and rules and runs the rules' unit tests.
 */
class PrometheusIT {

  private static final Pattern METRIC = Pattern.compile(
      "\\b((?:strand|jvm|process|disk)_[a-z0-9_]+|up)\\b");

  @TempDir
  Path dir;

  @Test
  @Timeout(120)
  void promtoolAcceptsConfigAndRulesAndTheRuleUnitTestsPass() {
    Path promtool = DebianTools.require("promtool", "prometheus");
    Path rules = Checkout.path("deploy/prometheus");

    ProcessResult.run(List.of(promtool.toString(), "check", "config", "prometheus.yml"), rules, 60).assertSuccess();
    ProcessResult checked = ProcessResult.run(List.of(promtool.toString(), "check", "rules", "strand-alerts.yml"),
        rules, 60).assertSuccess();
    ProcessResult tested = ProcessResult.run(List.of(promtool.toString(), "test", "rules",
        "strand-alerts.test.yml"), rules, 60).assertSuccess();

    assertThat(checked.output()).contains("SUCCESS: 9 rules found");
    assertThat(tested.output()).contains("SUCCESS");
  }

  @Test
  @Timeout(300)
  void scrapesEveryNodeAndSeesLoadAndUnderReplicationWhileANodeIsDown() throws Exception {
    DebianTools.require("prometheus", "prometheus");
    try (MiniCluster cluster = MiniCluster.builder().nodes(3).dataRoot(dir.resolve("nodes"))
        .configure(b -> b.metricsConsumerLagIntervalMs(500)).start()) {
      List<String> targets = new ArrayList<>();
      for (int id : cluster.nodeIds()) {
        targets.add("127.0.0.1:" + cluster.config(id).metricsPort());
      }
      cluster.createTopic("scraped", 6, 3);
      commitStart(cluster, "scraped-readers", "scraped");
      try (PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prometheus"), targets);
           ProduceLoad load = new ProduceLoad(() -> cluster.produce(1), "scraped", 6)) {
        await(prometheus, "every target up").until(() -> prometheus.targetHealth().values().stream()
            .filter("up"::equals).count() == 3);
        await(prometheus, "produce rate above zero").until(() -> prometheus
            .query("sum(rate(strand_topic_produced_records_total{job=\"strand\"}[5s])) > 0").isPresent());
        assertThat(load.acknowledged()).isPositive();
        await(prometheus, "consumer lag of a group that stays at offset 0").until(() -> prometheus
            .query("sum(strand_consumer_group_lag_records{job=\"strand\", group=\"scraped-readers\"}) > 0")
            .isPresent());
        assertThat(prometheus.ruleHealth()).allSatisfy((rule, health) -> assertThat(health).as(rule).isEqualTo("ok"));
        assertThat(missingMetrics(prometheus)).as("metrics the rules and dashboard query").isEmpty();

        cluster.stop(3);

        await(prometheus, "the stopped node's target down").until(() -> "down".equals(
            prometheus.targetHealth().get(targets.get(2))));
        await(prometheus, "under-replicated partitions while node 3 is down").until(() -> prometheus
            .query("sum(strand_node_under_replicated_partitions{job=\"strand\"}) > 0").isPresent());
        long before = load.acknowledged();
        Awaitility.await("produce keeps succeeding with node 3 down").atMost(Duration.ofSeconds(60))
            .until(() -> load.acknowledged() > before + 10);
      }
    }
  }

  /** Names the rules and the dashboard use that the nodes do not export. */
  private static Set<String> missingMetrics(PrometheusServer prometheus) {
    Set<String> referenced = new TreeSet<>();
    for (String file : List.of("deploy/prometheus/strand-alerts.yml",
        "deploy/grafana/dashboards/strand-overview.json")) {
      Matcher m = METRIC.matcher(Checkout.read(file));
      while (m.find()) {
        referenced.add(m.group(1));
      }
    }
    referenced.removeAll(prometheus.metricNames("strand"));
    return referenced;
  }

  /** Commits offset 0 of every partition of {@code topic} for {@code group}, once the coordinator is up. */
  private static void commitStart(MiniCluster cluster, String group, String topic) {
    CommitOffsetsRequest.Builder request = CommitOffsetsRequest.newBuilder().setGroupId(group);
    for (int p = 0; p < 6; p++) {
      request.addOffsets(CommitOffset.newBuilder().setTopic(topic).setPartition(p).setOffset(0).setLeaderEpoch(-1));
    }
    Awaitility.await("a group coordinator").atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
        assertThat(GroupServiceGrpc.newBlockingStub(cluster.channel(1)).withDeadlineAfter(10, TimeUnit.SECONDS)
            .commitOffsets(request.build()).getResultsList())
            .allSatisfy(r -> assertThat(r.getError()).isEqualTo(ErrorCode.ERROR_CODE_NONE)));
  }

  private static ConditionFactory await(PrometheusServer prometheus, String what) {
    return Awaitility.await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .conditionEvaluationListener(c -> {
          if (c.getRemainingTimeInMS() <= 0) {
            System.err.println(prometheus.logTail());
          }
        });
  }
}
