package io.strand.cli.perf;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Latency and throughput bookkeeping for {@code strand perf-produce}, printing in exactly the shape of
 * Kafka's {@code kafka-producer-perf-test} so results compare line for line: a progress line per reporting
 * window and a final summary with average, maximum and 50th/95th/99th/99.9th percentile latency. Like Kafka,
 * it keeps a sample of at most 500,000 latencies for the percentiles.
 *
 * <p>Thread-safe: completions arrive on the producer's I/O thread while the main thread sends.
 */
public final class ProducerStats {
  private static final int MAX_SAMPLES = 500_000;

  private final PrintStream out;
  private final long reportingIntervalMs;
  private final long startMs;
  private final int sampling;
  private final int[] latencies;
  private int index;
  private long count;
  private long bytes;
  private long maxLatency;
  private long totalLatency;
  private long windowStartMs;
  private long windowCount;
  private long windowBytes;
  private long windowMaxLatency;
  private long windowTotalLatency;

  /**
   * @param records how many records the run will send (sets the sampling rate)
   * @param reportingIntervalMs progress line period
   * @param nowMs start time
   * @param out where lines go
   */
  public ProducerStats(long records, long reportingIntervalMs, long nowMs, PrintStream out) {
    this.out = out;
    this.reportingIntervalMs = reportingIntervalMs;
    this.startMs = nowMs;
    this.windowStartMs = nowMs;
    this.sampling = (int) Math.max(1, records / Math.min(Math.max(records, 1), MAX_SAMPLES));
    this.latencies = new int[(int) Math.min(Math.max(records, 1) / sampling + 1, MAX_SAMPLES + 1)];
  }

  /**
   * Records one acknowledged record.
   *
   * @param iteration the record's sequence number in the run (for sampling)
   * @param latencyMs send-to-acknowledgement time
   * @param recordBytes the record's size
   * @param nowMs completion time
   */
  public synchronized void record(long iteration, long latencyMs, int recordBytes, long nowMs) {
    count++;
    bytes += recordBytes;
    totalLatency += latencyMs;
    maxLatency = Math.max(maxLatency, latencyMs);
    windowCount++;
    windowBytes += recordBytes;
    windowTotalLatency += latencyMs;
    windowMaxLatency = Math.max(windowMaxLatency, latencyMs);
    if (iteration % sampling == 0 && index < latencies.length) {
      latencies[index++] = (int) Math.min(Integer.MAX_VALUE, latencyMs);
    }
    if (nowMs - windowStartMs >= reportingIntervalMs) {
      printWindow(nowMs);
      windowStartMs = nowMs;
      windowCount = 0;
      windowBytes = 0;
      windowMaxLatency = 0;
      windowTotalLatency = 0;
    }
  }

  private void printWindow(long nowMs) {
    long elapsed = Math.max(1, nowMs - windowStartMs);
    double recsPerSec = 1000.0 * windowCount / elapsed;
    double mbPerSec = 1000.0 * windowBytes / elapsed / (1024.0 * 1024.0);
    out.printf("%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.%n",
        windowCount, recsPerSec, mbPerSec, windowTotalLatency / (double) Math.max(1, windowCount),
        (double) windowMaxLatency);
  }

  /** Prints the final summary line. */
  public synchronized void printTotal(long nowMs) {
    long elapsed = Math.max(1, nowMs - startMs);
    double recsPerSec = 1000.0 * count / elapsed;
    double mbPerSec = 1000.0 * bytes / elapsed / (1024.0 * 1024.0);
    int[] p = percentiles(0.5, 0.95, 0.99, 0.999);
    out.printf("%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
            + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.%n", count, recsPerSec, mbPerSec,
        totalLatency / (double) Math.max(1, count), (double) maxLatency, p[0], p[1], p[2], p[3]);
  }

  /** @return the sampled latency at each quantile, Kafka's way ({@code sorted[(int) (q * size)]}) */
  synchronized int[] percentiles(double... quantiles) {
    int[] sorted = Arrays.copyOf(latencies, index);
    Arrays.sort(sorted);
    int[] values = new int[quantiles.length];
    for (int i = 0; i < quantiles.length; i++) {
      values[i] = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (quantiles[i] * sorted.length))];
    }
    return values;
  }

  /** @return acknowledged records so far */
  public synchronized long count() {
    return count;
  }
}
