package io.strand.store.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OffsetsPartitionerTest {
  /** Kafka's own murmur2 test table (clients UtilsTest); the SDK's copy is tested against the same values. */
  @ParameterizedTest
  @CsvSource({
      "21, -973932308",
      "foobar, -790332482",
      "a-little-bit-long-string, -985981536",
      "a-little-bit-longer-string, -1486304829",
      "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8, -58897971",
      "abc, 479470107"})
  void murmur2MatchesKafka(String key, int expected) {
    assertThat(OffsetsPartitioner.murmur2(key.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
  }

  /** Values computed with kafka-clients' Utils.toPositive(Utils.murmur2(utf8)) % n. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "my-group|5|49",
      "orders-service|6|44",
      "g1|6|24",
      "''|1|31",
      "consumer-group-with-a-rather-long-name-42|5|15",
      "ünïcödé|3|15"})
  void groupMapsToKafkasPartition(String group, int of8, int of50) {
    assertThat(OffsetsPartitioner.partitionFor(group, 8)).isEqualTo(of8);
    assertThat(OffsetsPartitioner.partitionFor(group, 50)).isEqualTo(of50);
  }

  @Test
  void toPositiveClearsOnlyTheSignBit() {
    assertThat(OffsetsPartitioner.toPositive(Integer.MIN_VALUE)).isZero();
    assertThat(OffsetsPartitioner.toPositive(-1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(OffsetsPartitioner.toPositive(42)).isEqualTo(42);
  }

  @Test
  void rejectsNonPositivePartitionCounts() {
    assertThatThrownBy(() -> OffsetsPartitioner.partitionFor("g", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 1");
  }
}
