package io.strand.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Front-end meters, documented in docs/metrics.md. Names are Micrometer names; Prometheus shows them with
 * underscores and unit suffixes (e.g. {@code strand_grpc_server_requests_seconds_count}). Label values are bounded:
 * methods of the API, gRPC status codes, ErrorCode names, and topic names (one series set per topic).
 *
 * <p>Thread-safe.
 */
public final class ServerMetrics {

  /** Timer with buckets: gRPC calls handled by this node. Tags: method (Service/Method), status, forwarded. */
  public static final String REQUESTS = "strand.grpc.server.requests";
  /** Counter: partition requests this node forwarded to the leader. Tags: method. */
  public static final String FORWARDED = "strand.routing.forwarded";
  /** Counter: retries after NOT_LEADER / LEADER_NOT_AVAILABLE / unreachable leader. Tags: method. */
  public static final String ROUTING_RETRIES = "strand.routing.retries";
  /** Gauge: partition replicas hosted on this node. */
  public static final String LOCAL_REPLICAS = "strand.node.replicas";
  /** Gauge: partitions this node leads. */
  public static final String LOCAL_LEADERS = "strand.node.leaders";
  /** Gauge: 1 when the node is ready (metadata loaded, local groups started), else 0. */
  public static final String READY = "strand.node.ready";
  /** Counter: per-partition produce results returned to clients (forwarded calls excluded). Tags: error. */
  public static final String PRODUCE_RESULTS = "strand.produce.partition.results";
  /** Distribution, bytes: size of each batch this node appended as partition leader. */
  public static final String PRODUCE_BATCH_SIZE = "strand.produce.batch.size";
  /** Distribution: records per batch this node appended as partition leader. */
  public static final String PRODUCE_BATCH_RECORDS = "strand.produce.batch.records";
  /** Counter, bytes: batch bytes this node appended as partition leader. Tags: topic. */
  public static final String TOPIC_PRODUCED_BYTES = "strand.topic.produced.bytes";
  /** Counter: records this node appended as partition leader. Tags: topic. */
  public static final String TOPIC_PRODUCED_RECORDS = "strand.topic.produced.records";
  /** Counter, bytes: record data this node read from its local replicas for Fetch and Subscribe. Tags: topic. */
  public static final String TOPIC_FETCHED_BYTES = "strand.topic.fetched.bytes";
  /** Counter: records this node read from its local replicas for Fetch and Subscribe. Tags: topic. */
  public static final String TOPIC_FETCHED_RECORDS = "strand.topic.fetched.records";
  /**
   * Gauge, records: consumer group lag (log end offset minus committed offset). Tags: group, topic, partition.
   * Exported by {@link io.strand.server.groups.ConsumerLagExporter} on each group's coordinator; named here with
   * the other front-end meters, which the alert rule StrandConsumerLagGrowing and the dashboard query.
   */
  public static final String CONSUMER_GROUP_LAG = "strand.consumer.group.lag";

  /** Bucket bounds of the request timer: enough for p50/p99/p99.9 from 1 ms to a full long-poll. */
  private static final Duration[] REQUEST_BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60)};
  private static final String ERROR_CODE_PREFIX = "ERROR_CODE_";

  /** The four counters of one topic. */
  private record TopicCounters(Counter producedBytes, Counter producedRecords, Counter fetchedBytes,
                               Counter fetchedRecords) {}

  private final MeterRegistry registry;
  private final Map<String, TopicCounters> topics = new ConcurrentHashMap<>();
  private final Map<String, Counter> produceResults = new ConcurrentHashMap<>();
  private final DistributionSummary batchSize;
  private final DistributionSummary batchRecords;

  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batchSize = DistributionSummary.builder(PRODUCE_BATCH_SIZE).baseUnit("bytes")
        .description("size of each batch appended by this node as partition leader").register(registry);
    this.batchRecords = DistributionSummary.builder(PRODUCE_BATCH_RECORDS)
        .description("records per batch appended by this node as partition leader").register(registry);
  }

  public void recordRequest(String method, String status, boolean forwarded, Duration elapsed) {
    Timer.builder(REQUESTS)
        .description("gRPC calls handled by this node")
        .tag("method", method)
        .tag("status", status)
        .tag("forwarded", Boolean.toString(forwarded))
        .serviceLevelObjectives(REQUEST_BUCKETS)
        .register(registry)
        .record(elapsed);
  }

  public void forwarded(String method) {
    Counter.builder(FORWARDED).description("partition requests forwarded to the partition leader")
        .tag("method", method).register(registry).increment();
  }

  public void retried(String method) {
    Counter.builder(ROUTING_RETRIES).description("routing retries after a leader change")
        .tag("method", method).register(registry).increment();
  }

  /** A batch this node appended as the partition's leader. */
  public void produced(String topic, int bytes, int records) {
    TopicCounters counters = topic(topic);
    counters.producedBytes().increment(bytes);
    counters.producedRecords().increment(records);
    batchSize.record(bytes);
    batchRecords.record(records);
  }

  /** Record data this node read from a local replica for a client (Fetch or Subscribe). */
  public void fetched(String topic, long bytes, long records) {
    TopicCounters counters = topic(topic);
    counters.fetchedBytes().increment(bytes);
    counters.fetchedRecords().increment(records);
  }

  /** A per-partition produce result returned to a client; {@code errorCode} is an ErrorCode enum name. */
  public void produceResult(String errorCode) {
    String error = errorCode.startsWith(ERROR_CODE_PREFIX) ? errorCode.substring(ERROR_CODE_PREFIX.length())
        : errorCode;
    produceResults.computeIfAbsent(error, e -> Counter.builder(PRODUCE_RESULTS)
        .description("per-partition produce results returned to clients").tag("error", e).register(registry))
        .increment();
  }

  private TopicCounters topic(String topic) {
    return topics.computeIfAbsent(topic, t -> new TopicCounters(
        Counter.builder(TOPIC_PRODUCED_BYTES).baseUnit("bytes").tag("topic", t)
            .description("batch bytes appended by this node as partition leader").register(registry),
        Counter.builder(TOPIC_PRODUCED_RECORDS).tag("topic", t)
            .description("records appended by this node as partition leader").register(registry),
        Counter.builder(TOPIC_FETCHED_BYTES).baseUnit("bytes").tag("topic", t)
            .description("record data read from local replicas for Fetch and Subscribe").register(registry),
        Counter.builder(TOPIC_FETCHED_RECORDS).tag("topic", t)
            .description("records read from local replicas for Fetch and Subscribe").register(registry)));
  }

  /** Registers the node-level gauges; the suppliers are polled at scrape time and must be cheap. */
  public void bindNode(Supplier<Number> replicas, Supplier<Number> leaders, Supplier<Boolean> ready) {
    Gauge.builder(LOCAL_REPLICAS, replicas).description("partition replicas hosted on this node")
        .register(registry);
    Gauge.builder(LOCAL_LEADERS, leaders).description("partitions this node leads").register(registry);
    Gauge.builder(READY, () -> ready.get() ? 1 : 0)
        .description("1 when metadata is loaded and local partition groups are started").register(registry);
  }
}
