package io.strand.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Front-end meters, documented in docs/metrics.md. Names are Micrometer names; Prometheus shows them with
 * underscores and unit suffixes (e.g. {@code strand_grpc_server_requests_seconds_count}).
 *
 * <p>Thread-safe.
 */
public final class ServerMetrics {

  /** Timer: gRPC calls handled by this node. Tags: method (Service/Method), status (gRPC code), forwarded. */
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

  private final MeterRegistry registry;

  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void recordRequest(String method, String status, boolean forwarded, Duration elapsed) {
    Timer.builder(REQUESTS)
        .description("gRPC calls handled by this node")
        .tag("method", method)
        .tag("status", status)
        .tag("forwarded", Boolean.toString(forwarded))
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

  /** Registers the node-level gauges; the suppliers are polled at scrape time and must be cheap. */
  public void bindNode(Supplier<Number> replicas, Supplier<Number> leaders, Supplier<Boolean> ready) {
    Gauge.builder(LOCAL_REPLICAS, replicas).description("partition replicas hosted on this node")
        .register(registry);
    Gauge.builder(LOCAL_LEADERS, leaders).description("partitions this node leads").register(registry);
    Gauge.builder(READY, () -> ready.get() ? 1 : 0)
        .description("1 when metadata is loaded and local partition groups are started").register(registry);
  }
}
