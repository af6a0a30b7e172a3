/**
 * Micrometer meter holders of the storage layer, one per subsystem, built from an injected
 * {@link io.micrometer.core.instrument.MeterRegistry} (never the global registry). Names, types, tags and units are
 * constants with Javadoc; docs/metrics.md tabulates them.
 *
 * <p>Depends only on Micrometer.
 */
package io.strand.store.metrics;
