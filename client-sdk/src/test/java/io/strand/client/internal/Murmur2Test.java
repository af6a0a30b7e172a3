package io.strand.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keys must land on the same partition numbers as with Kafka's producer. The hashes are Kafka's published
 * {@code UtilsTest.testMurmur2} vectors; the partition table was computed with an independent Python
 * implementation of Kafka's murmur2 and {@code toPositive(h) % n}, and its raw hashes agree with those
 * vectors.
 */
class Murmur2Test {

  @ParameterizedTest(name = "murmur2({0}) = {1}")
  @CsvSource({
      "21, -973932308",
      "foobar, -790332482",
      "a-little-bit-long-string, -985981536",
      "a-little-bit-longer-string, -1486304829",
      "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8, -58897971",
      "abc, 479470107"
  })
  void hashMatchesKafkasPublishedVectors(String key, int expected) {
    assertThat(Murmur2.hash(key.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
  }

  @Test
  void emptyKeyHashesLikeKafka() {
    assertThat(Murmur2.hash(new byte[0])).isEqualTo(275646681);
  }

  @ParameterizedTest(name = "{0} -> partitions {1}/{2}/{3}/{4}/{5}")
  @CsvSource(delimiter = '|', value = {
      // key | n=3 | n=6 | n=10 | n=16 | n=100
      "a | 1 | 4 | 4 | 12 | 24",
      "ab | 2 | 2 | 4 | 10 | 34",
      "abc | 0 | 3 | 7 | 11 | 7",
      "key-0 | 1 | 1 | 1 | 9 | 41",
      "key-1 | 0 | 0 | 0 | 8 | 40",
      "key-2 | 2 | 2 | 2 | 6 | 2",
      "key-3 | 2 | 5 | 7 | 11 | 47",
      "key-42 | 0 | 3 | 7 | 7 | 27",
      "user-1234 | 1 | 4 | 4 | 12 | 44",
      "order:98765 | 2 | 2 | 2 | 10 | 62",
      "été | 1 | 1 | 3 | 9 | 73",
      "the quick brown fox | 1 | 1 | 9 | 1 | 29",
      "0 | 2 | 2 | 6 | 4 | 96",
      "00000000 | 0 | 3 | 3 | 3 | 3",
      "Strand | 0 | 3 | 1 | 7 | 51"
  })
  void keysLandOnKafkasPartitions(String key, int p3, int p6, int p10, int p16, int p100) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    assertThat(new int[] {Murmur2.partitionForKey(bytes, 3), Murmur2.partitionForKey(bytes, 6),
        Murmur2.partitionForKey(bytes, 10), Murmur2.partitionForKey(bytes, 16), Murmur2.partitionForKey(bytes, 100)})
        .containsExactly(p3, p6, p10, p16, p100);
  }

  @Test
  void arbitraryBytesIncludingHighBitsHashLikeKafka() {
    byte[] key = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80, 0x7f};
    assertThat(Murmur2.hash(key)).isEqualTo(998457672);
    assertThat(Murmur2.partitionForKey(key, 16)).isEqualTo(8);
  }
}
