package io.strand.chaos.workload;

import java.time.Duration;

/**
 * The workload's shape.
 *
 * @param topic topic name
 * @param partitions partitions of the topic (&gt;= 1)
 * @param replicationFactor replication factor (&gt;= 1)
 * @param producers producer processes (&gt;= 1)
 * @param consumers consumer processes reading every partition (&gt;= 0)
 * @param sendsPerSecond target send rate of each producer (&gt;= 1)
 * @param maxInFlight sends a producer may have unacknowledged before it waits (&gt;= 1)
 * @param finalReadIdle the final reader stops after this long without new records
 * @param shutdownGrace how long a producer may take to deliver what it has in flight at the end
 */
public record WorkloadSettings(
    String topic,
    int partitions,
    int replicationFactor,
    int producers,
    int consumers,
    int sendsPerSecond,
    int maxInFlight,
    Duration finalReadIdle,
    Duration shutdownGrace) {

  public WorkloadSettings {
    if (partitions < 1 || replicationFactor < 1 || producers < 1 || consumers < 0 || sendsPerSecond < 1
        || maxInFlight < 1) {
      throw new IllegalArgumentException("invalid workload settings: " + partitions + " partitions, rf "
          + replicationFactor + ", " + producers + " producers, " + consumers + " consumers, " + sendsPerSecond
          + "/s, window " + maxInFlight);
    }
  }
}
