package io.strand.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.client.error.UnknownPartitionException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PartitionerTest {

  @Test
  void explicitPartitionWinsAndIsValidated() {
    Partitioner partitioner = new Partitioner(100, n -> 0);
    assertThat(partitioner.partition("t", 2, "k".getBytes(StandardCharsets.UTF_8), 3)).isEqualTo(2);
    assertThatThrownBy(() -> partitioner.partition("t", 3, null, 3)).isInstanceOf(UnknownPartitionException.class)
        .hasMessageContaining("has 3");
  }

  @Test
  void keyedRecordsUseKafkasHash() {
    Partitioner partitioner = new Partitioner(100, n -> 0);
    assertThat(partitioner.partition("t", null, "key-3".getBytes(StandardCharsets.UTF_8), 6)).isEqualTo(5);
    assertThat(partitioner.partition("t", null, "user-1234".getBytes(StandardCharsets.UTF_8), 16)).isEqualTo(12);
  }

  @Test
  void keylessRecordsStickToOnePartitionForABatchThenMoveRoundRobin() {
    Partitioner partitioner = new Partitioner(100, n -> 1);
    int first = partitioner.partition("t", null, null, 3);
    assertThat(first).isEqualTo(1);
    partitioner.onKeylessAppend("t", first, 60, 3);
    assertThat(partitioner.partition("t", null, null, 3)).isEqualTo(1);
    partitioner.onKeylessAppend("t", first, 60, 3);
    assertThat(partitioner.partition("t", null, null, 3)).isEqualTo(2);
    partitioner.onKeylessAppend("t", 2, 100, 3);
    assertThat(partitioner.partition("t", null, null, 3)).isEqualTo(0);
  }

  @Test
  void stickyStateIsPerTopic() {
    Partitioner partitioner = new Partitioner(10, n -> 0);
    partitioner.partition("a", null, null, 2);
    partitioner.onKeylessAppend("a", 0, 10, 2);
    assertThat(partitioner.partition("a", null, null, 2)).isEqualTo(1);
    assertThat(partitioner.partition("b", null, null, 2)).isZero();
  }
}
