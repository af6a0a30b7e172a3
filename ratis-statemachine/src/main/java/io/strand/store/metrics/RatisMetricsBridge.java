package io.strand.store.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.impl.RatisMetricRegistryImpl;
import org.apache.ratis.thirdparty.com.codahale.metrics.Counter;
import org.apache.ratis.thirdparty.com.codahale.metrics.Gauge;
import org.apache.ratis.thirdparty.com.codahale.metrics.Metric;
import org.apache.ratis.thirdparty.com.codahale.metrics.Timer;

/**
 * Re-exposes key Ratis metrics of one node in the node's Micrometer registry, summed (or, for latencies, the worst
 * value) over every Raft group the node hosts, so that the number of series does not grow with the partition count.
 *
 * <p>Ratis keeps one metric registry per group member and component ({@code ratis.leader_election.n1@group-...},
 * {@code ratis.log_worker.n1@group-...}) in the process-wide {@link MetricRegistries#global()}; several nodes in one
 * JVM (tests) share it. The bridge follows the registries whose prefix is one of this node's members
 * ({@code n<id>@}) through Ratis' reporter-registration hooks, samples them at scrape time, and adds the final
 * counts of removed groups to a retired total so that counters never go backwards. Only Ratis' default metrics
 * implementation (ratis-metrics-default) is read; with another one the meters stay at zero.
 *
 * <p>Thread-safe.
 */
public final class RatisMetricsBridge implements AutoCloseable {
  /** Counter: elections this node started, over its groups (Ratis leader_election.electionCount). */
  public static final String LEADER_ELECTIONS = "strand.raft.leader.elections";
  /** Counter: elections that timed out without a result (Ratis leader_election.timeoutCount). */
  public static final String ELECTION_TIMEOUTS = "strand.raft.election.timeouts";
  /** Counter: Raft log flushes, i.e. fsync batches (Ratis log_worker.flushCount). */
  public static final String LOG_FLUSHES = "strand.raft.log.flushes";
  /** Counter: entries written to the Raft logs (Ratis log_worker.appendEntryCount). */
  public static final String LOG_APPENDED_ENTRIES = "strand.raft.log.appended.entries";
  /** Gauge, seconds: the worst group's 99th percentile Raft log fsync time (Ratis log_worker.syncTime). */
  public static final String LOG_SYNC_P99 = "strand.raft.log.sync.p99";
  /** Gauge: client requests queued in Ratis leaders (Ratis server.numPendingRequestInQueue). */
  public static final String PENDING_REQUESTS = "strand.raft.pending.requests";

  /** A Ratis metric: its registry component and its name within the registry. */
  private record RatisName(String component, String metric) {}

  private static final RatisName ELECTION_COUNT = new RatisName("leader_election", "electionCount");
  private static final RatisName TIMEOUT_COUNT = new RatisName("leader_election", "timeoutCount");
  private static final RatisName FLUSH_COUNT = new RatisName("log_worker", "flushCount");
  private static final RatisName APPEND_COUNT = new RatisName("log_worker", "appendEntryCount");
  private static final RatisName SYNC_TIME = new RatisName("log_worker", "syncTime");
  private static final RatisName PENDING = new RatisName("server", "numPendingRequestInQueue");
  private static final List<RatisName> COUNTERS = List.of(ELECTION_COUNT, TIMEOUT_COUNT, FLUSH_COUNT, APPEND_COUNT);

  private final String memberPrefix;
  private final MeterRegistry meters;
  private final Set<RatisMetricRegistryImpl> tracked = ConcurrentHashMap.newKeySet();
  private final Map<RatisName, DoubleAdder> retired = new ConcurrentHashMap<>();
  private final Consumer<RatisMetricRegistry> onCreate = this::track;
  private final Consumer<RatisMetricRegistry> onRemove = this::retire;
  private final List<Meter> registered = new ArrayList<>();

  /** Starts following this node's Ratis registries and registers the bridged meters. */
  public RatisMetricsBridge(int nodeId, MeterRegistry meters) {
    this.memberPrefix = "n" + nodeId + "@";
    this.meters = meters;
    COUNTERS.forEach(name -> retired.put(name, new DoubleAdder()));
    MetricRegistries.global().addReporterRegistration(onCreate, onRemove);
    MetricRegistries.global().getMetricRegistries().forEach(this::track);
    counter(LEADER_ELECTIONS, ELECTION_COUNT, "leader elections this node started, over its Raft groups");
    counter(ELECTION_TIMEOUTS, TIMEOUT_COUNT, "leader elections that timed out, over this node's Raft groups");
    counter(LOG_FLUSHES, FLUSH_COUNT, "Raft log flushes (fsync batches), over this node's Raft groups");
    counter(LOG_APPENDED_ENTRIES, APPEND_COUNT, "entries written to this node's Raft logs");
    registered.add(io.micrometer.core.instrument.Gauge.builder(LOG_SYNC_P99, this, b -> b.worstP99Seconds(SYNC_TIME))
        .baseUnit("seconds").description("worst Raft group's 99th percentile log fsync time on this node")
        .register(meters));
    registered.add(io.micrometer.core.instrument.Gauge.builder(PENDING_REQUESTS, this, b -> b.gaugeSum(PENDING))
        .description("client requests queued in this node's Raft leaders").register(meters));
  }

  private void counter(String name, RatisName source, String description) {
    ToDoubleFunction<RatisMetricsBridge> total = b -> b.counterSum(source) + b.retired.get(source).sum();
    registered.add(FunctionCounter.builder(name, this, total).description(description).register(meters));
  }

  private void track(RatisMetricRegistry registry) {
    if (registry instanceof RatisMetricRegistryImpl impl && isOurs(registry.getMetricRegistryInfo())) {
      tracked.add(impl);
    }
  }

  private void retire(RatisMetricRegistry registry) {
    if (registry instanceof RatisMetricRegistryImpl impl && tracked.remove(impl)) {
      for (RatisName name : COUNTERS) {
        metric(impl, name, Counter.class).ifPresent(c -> retired.get(name).add(c.getCount()));
      }
    }
  }

  private boolean isOurs(MetricRegistryInfo info) {
    return info.getPrefix() != null && info.getPrefix().startsWith(memberPrefix);
  }

  private double counterSum(RatisName name) {
    return tracked.stream().mapToDouble(r -> metric(r, name, Counter.class).map(Counter::getCount).orElse(0L))
        .sum();
  }

  private double gaugeSum(RatisName name) {
    return tracked.stream()
        .mapToDouble(r -> metric(r, name, Gauge.class).map(g -> g.getValue() instanceof Number n
            ? n.doubleValue() : 0.0).orElse(0.0))
        .sum();
  }

  /** Codahale timers record nanoseconds. */
  private double worstP99Seconds(RatisName name) {
    return tracked.stream()
        .mapToDouble(r -> metric(r, name, Timer.class).map(t -> t.getSnapshot().get99thPercentile()).orElse(0.0))
        .max().orElse(0.0) / 1e9;
  }

  private static <T extends Metric> Optional<T> metric(RatisMetricRegistryImpl registry, RatisName name,
                                                       Class<T> type) {
    MetricRegistryInfo info = registry.getMetricRegistryInfo();
    if (!name.component().equals(info.getMetricsComponentName())) {
      return Optional.empty();
    }
    String fullName = String.join(".", info.getApplicationName(), info.getMetricsComponentName(), info.getPrefix(),
        name.metric());
    Metric metric = registry.getDropWizardMetricRegistry().getMetrics().get(fullName);
    return type.isInstance(metric) ? Optional.of(type.cast(metric)) : Optional.empty();
  }

  /** Stops following Ratis' registries and removes the bridged meters. */
  @Override
  public void close() {
    MetricRegistries.global().removeReporterRegistration(onCreate, onRemove);
    tracked.clear();
    registered.forEach(meters::remove);
  }
}
