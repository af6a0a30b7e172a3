package io.strand.store.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RatisMetricsBridgeTest {

  // Node ids no other test in this JVM uses: Ratis' registries are process-wide.
  private static final int NODE = 9701;
  private static final int OTHER_NODE = 9702;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RatisMetricsBridge bridge = new RatisMetricsBridge(NODE, meters);

  @AfterEach
  void close() {
    bridge.close();
    String[] members = {"n" + NODE + "@group-A", "n" + NODE + "@group-B", "n" + OTHER_NODE + "@group-A"};
    for (String member : members) {
      for (String component : new String[] {"leader_election", "log_worker", "server"}) {
        MetricRegistries.global().remove(info(member, component));
      }
    }
  }

  private static MetricRegistryInfo info(String member, String component) {
    return new MetricRegistryInfo(member, "ratis", component, "test");
  }

  private static RatisMetricRegistry registry(String member, String component) {
    return MetricRegistries.global().create(info(member, component));
  }

  private double counter(String name) {
    return meters.get(name).functionCounter().count();
  }

  @Test
  void sumsCountersOverThisNodesGroupsOnly() {
    registry("n" + NODE + "@group-A", "leader_election").counter("electionCount").inc(2);
    registry("n" + NODE + "@group-B", "leader_election").counter("electionCount").inc(3);
    registry("n" + OTHER_NODE + "@group-A", "leader_election").counter("electionCount").inc(100);
    registry("n" + NODE + "@group-A", "log_worker").counter("flushCount").inc(7);

    assertThat(counter(RatisMetricsBridge.LEADER_ELECTIONS)).isEqualTo(5);
    assertThat(counter(RatisMetricsBridge.LOG_FLUSHES)).isEqualTo(7);
    assertThat(counter(RatisMetricsBridge.ELECTION_TIMEOUTS)).isZero();
  }

  @Test
  void countersKeepTheCountsOfRemovedGroups() {
    registry("n" + NODE + "@group-A", "leader_election").counter("electionCount").inc(4);
    registry("n" + NODE + "@group-B", "leader_election").counter("electionCount").inc(1);

    MetricRegistries.global().remove(info("n" + NODE + "@group-A", "leader_election"));

    assertThat(counter(RatisMetricsBridge.LEADER_ELECTIONS)).isEqualTo(5);
  }

  @Test
  void gaugesSumAndLatencyTakesTheWorstGroup() {
    registry("n" + NODE + "@group-A", "server").gauge("numPendingRequestInQueue", () -> () -> 3);
    registry("n" + NODE + "@group-B", "server").gauge("numPendingRequestInQueue", () -> () -> 4);
    registry("n" + NODE + "@group-A", "log_worker").timer("syncTime").time().stop();
    RatisMetricRegistry slow = registry("n" + NODE + "@group-B", "log_worker");
    ((org.apache.ratis.metrics.impl.RatisMetricRegistryImpl) slow).getDropWizardMetricRegistry()
        .timer("ratis.log_worker.n" + NODE + "@group-B.syncTime").update(250, TimeUnit.MILLISECONDS);

    assertThat(meters.get(RatisMetricsBridge.PENDING_REQUESTS).gauge().value()).isEqualTo(7);
    assertThat(meters.get(RatisMetricsBridge.LOG_SYNC_P99).gauge().value()).isEqualTo(0.25);
  }

  @Test
  void closeRemovesTheMeters() {
    bridge.close();

    assertThat(meters.getMeters()).isEmpty();
  }
}
