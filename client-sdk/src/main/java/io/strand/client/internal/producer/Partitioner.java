package io.strand.client.internal.producer;

import io.strand.client.error.UnknownPartitionException;
import io.strand.client.internal.Murmur2;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;

/**
 * Chooses a record's partition the way Kafka's default partitioner does: the explicit partition if given;
 * else {@code toPositive(murmur2(keyBytes)) % numPartitions} for a keyed record; else a per-topic "sticky"
 * partition that moves round-robin to the next partition after {@code batch.size} bytes, so keyless records
 * fill whole batches instead of spreading tiny ones.
 *
 * <p>Not API. Thread-safe: the sticky state per topic is swapped atomically.
 */
final class Partitioner {
  private record Sticky(int partition, long bytes) {}

  private final int batchSizeBytes;
  private final IntUnaryOperator randomBelow;
  private final Map<String, Sticky> sticky = new ConcurrentHashMap<>();

  /**
   * @param batchSizeBytes bytes after which a keyless topic moves on to the next partition
   * @param randomBelow {@code n -> uniform int in [0, n)}, picks the first sticky partition
   */
  Partitioner(int batchSizeBytes, IntUnaryOperator randomBelow) {
    this.batchSizeBytes = Math.max(1, batchSizeBytes);
    this.randomBelow = randomBelow;
  }

  /**
   * @param topic the topic
   * @param explicit the record's partition, or null
   * @param keyBytes the serialized key, or null
   * @param numPartitions the topic's partition count
   * @return the partition
   * @throws UnknownPartitionException when the explicit partition does not exist
   */
  int partition(String topic, Integer explicit, byte[] keyBytes, int numPartitions) {
    if (explicit != null) {
      if (explicit >= numPartitions) {
        throw new UnknownPartitionException("partition " + explicit + " of topic " + topic
            + " does not exist (the topic has " + numPartitions + ")");
      }
      return explicit;
    }
    if (keyBytes != null) {
      return Murmur2.partitionForKey(keyBytes, numPartitions);
    }
    Sticky current = sticky.computeIfAbsent(topic, t -> new Sticky(randomBelow.applyAsInt(numPartitions), 0));
    return current.partition() % numPartitions;
  }

  /**
   * Accounts bytes appended to a keyless topic's sticky partition and moves on once a batch's worth went
   * there.
   */
  void onKeylessAppend(String topic, int partition, int bytes, int numPartitions) {
    sticky.computeIfPresent(topic, (t, s) -> {
      if (s.partition() != partition) {
        return s;
      }
      long total = s.bytes() + bytes;
      return total >= batchSizeBytes ? new Sticky((partition + 1) % numPartitions, 0) : new Sticky(partition, total);
    });
  }
}
