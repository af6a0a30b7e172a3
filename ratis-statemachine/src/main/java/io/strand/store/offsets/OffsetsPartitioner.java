package io.strand.store.offsets;

import java.nio.charset.StandardCharsets;

/**
 * Maps a group id to its {@code __consumer_offsets} partition: {@code toPositive(murmur2(utf8(groupId))) %
 * partitions}, with Kafka's murmur2 (seed 0x9747b28c). The client SDK carries its own copy of murmur2 (it cannot
 * depend on this module); both are tested against the same table of known hashes. Stateless and thread-safe.
 */
public final class OffsetsPartitioner {
  private OffsetsPartitioner() {}

  /** The offsets partition that coordinates {@code groupId}. */
  public static int partitionFor(String groupId, int offsetsPartitions) {
    if (offsetsPartitions < 1) {
      throw new IllegalArgumentException("offsets partitions must be >= 1, was " + offsetsPartitions);
    }
    return toPositive(murmur2(groupId.getBytes(StandardCharsets.UTF_8))) % offsetsPartitions;
  }

  /** Clears the sign bit (not Math.abs, which leaves Integer.MIN_VALUE negative). */
  static int toPositive(int n) {
    return n & 0x7fffffff;
  }

  /** Kafka's 32-bit murmur2 of {@code data}. */
  static int murmur2(byte[] data) {
    final int length = data.length;
    final int m = 0x5bd1e995;
    final int r = 24;
    int h = 0x9747b28c ^ length;
    final int fullWords = length / 4;
    for (int i = 0; i < fullWords; i++) {
      final int at = i * 4;
      int k = (data[at] & 0xff) + ((data[at + 1] & 0xff) << 8) + ((data[at + 2] & 0xff) << 16)
          + ((data[at + 3] & 0xff) << 24);
      k *= m;
      k ^= k >>> r;
      k *= m;
      h *= m;
      h ^= k;
    }
    final int tail = fullWords * 4;
    final int remainder = length % 4;
    if (remainder == 3) {
      h ^= (data[tail + 2] & 0xff) << 16;
    }
    if (remainder >= 2) {
      h ^= (data[tail + 1] & 0xff) << 8;
    }
    if (remainder >= 1) {
      h ^= data[tail] & 0xff;
      h *= m;
    }
    h ^= h >>> 13;
    h *= m;
    h ^= h >>> 15;
    return h;
  }
}
