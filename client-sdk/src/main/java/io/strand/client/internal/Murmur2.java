package io.strand.client.internal;

/**
 * Kafka's key hash: 32-bit MurmurHash2 with Kafka's seed, and the same {@code toPositive(hash) %
 * numPartitions} mapping, so a key lands on the same partition number as with the Kafka producer.
 *
 * <p>Not API. Stateless; thread-safe.
 */
public final class Murmur2 {
  private static final int SEED = 0x9747b28c;
  private static final int M = 0x5bd1e995;
  private static final int R = 24;

  private Murmur2() {}

  /** @return Kafka's {@code Utils.murmur2(data)} */
  public static int hash(byte[] data) {
    int length = data.length;
    int h = SEED ^ length;
    int blocks = length / 4;
    for (int i = 0; i < blocks; i++) {
      int at = i * 4;
      int k = (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16
          | (data[at + 3] & 0xff) << 24;
      k *= M;
      k ^= k >>> R;
      k *= M;
      h *= M;
      h ^= k;
    }
    int tail = length & ~3;
    int remaining = length % 4;
    // The tail bytes are mixed in from the highest down, as the reference hash's fall-through switch does.
    if (remaining == 3) {
      h ^= (data[tail + 2] & 0xff) << 16;
    }
    if (remaining >= 2) {
      h ^= (data[tail + 1] & 0xff) << 8;
    }
    if (remaining >= 1) {
      h ^= data[tail] & 0xff;
      h *= M;
    }
    h ^= h >>> 13;
    h *= M;
    h ^= h >>> 15;
    return h;
  }

  /**
   * @param keyBytes the serialized key
   * @param numPartitions the topic's partition count, at least 1
   * @return the partition Kafka's default partitioner picks for this key
   */
  public static int partitionForKey(byte[] keyBytes, int numPartitions) {
    return (hash(keyBytes) & 0x7fffffff) % numPartitions;
  }
}
