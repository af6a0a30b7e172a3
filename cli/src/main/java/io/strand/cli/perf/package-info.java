/**
 * Measurement helpers of the load tools ({@code perf-produce}, {@code perf-consume}, {@code perf-e2e}):
 * Kafka-shaped statistics output and rate pacing. Depends on the JDK only.
 */
package io.strand.cli.perf;
