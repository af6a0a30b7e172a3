package io.strand.server.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;

/**
 * The node's meter registry: Micrometer's Prometheus registry, served on {@code /metrics}, with the JVM, process and
 * data-directory disk binders. With {@code metrics.partition.labels.enabled=false} a filter denies every meter
 * tagged {@code partition} before it registers, so the per-partition meters cost nothing and export nothing;
 * node-level and per-topic meters are unaffected.
 *
 * <p>Thread-safe.
 */
public final class NodeMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;

  private NodeMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
    this.registry = registry;
    this.gc = gc;
  }

  /**
   * Creates the registry and binds the standard meters.
   *
   * @param partitionLabels whether per-partition meters (tag {@code partition}) are exported
   * @param dataDir the data directory whose file system's free and total space is exported
   */
  public static NodeMetrics create(boolean partitionLabels, Path dataDir) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    if (!partitionLabels) {
      registry.config().meterFilter(MeterFilter.deny(NodeMetrics::isPerPartition));
    }
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new DiskSpaceMetrics(dataDir.toAbsolutePath().toFile()).bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return new NodeMetrics(registry, gc);
  }

  private static boolean isPerPartition(Meter.Id id) {
    return id.getTag("partition") != null;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Stops the GC listener and closes the registry. */
  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
