package io.strand.chaos.nemesis;

import java.time.Duration;

/**
 * Tuning of the nemesis' faults.
 *
 * @param topic the workload topic (targets name its partitions)
 * @param partitions its partition count
 * @param slowRateKbit rate of a slowed link, kbit/s
 * @param stormPause how long a leader-storm pauses each leader (above the election timeout)
 * @param stormInterval pause between two leader-storm pauses
 * @param tornMaxBytes most bytes a torn tail cuts off one segment
 * @param seed seed for the nemesis' own choices (fallback targets, storm partitions, torn bytes)
 */
public record NemesisSettings(
    String topic,
    int partitions,
    int slowRateKbit,
    Duration stormPause,
    Duration stormInterval,
    int tornMaxBytes,
    long seed) {

  public NemesisSettings {
    if (partitions < 1 || slowRateKbit < 1 || tornMaxBytes < 1 || stormPause.isNegative()
        || stormInterval.isNegative()) {
      throw new IllegalArgumentException("invalid nemesis settings");
    }
  }

  /** 256 kbit/s slow links, 4 s storm pauses every 2 s, torn tails of up to 4 KiB. */
  public static NemesisSettings defaults(String topic, int partitions, long seed) {
    return new NemesisSettings(topic, partitions, 256, Duration.ofSeconds(4), Duration.ofSeconds(2), 4096, seed);
  }
}
