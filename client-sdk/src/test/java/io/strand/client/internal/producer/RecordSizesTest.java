package io.strand.client.internal.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strand.record.CompressionType;
import io.strand.record.Header;
import io.strand.record.RecordBatch;
import io.strand.record.RecordBatchBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordSizesTest {

  @Test
  void theBoundIsNeverBelowTheEncodedSize() {
    byte[][] payloads = {null, new byte[0], new byte[1], new byte[63], new byte[64], new byte[8191], new byte[70_000]};
    for (byte[] key : payloads) {
      for (byte[] value : payloads) {
        List<Header> headers = List.of(new Header("h", new byte[3]));
        int encoded = new RecordBatchBuilder(CompressionType.NONE).append(1, key, value, headers)
            .estimatedSizeInBytes() - RecordBatch.HEADER_SIZE;
        int bound = RecordSizes.upperBound(key, value, headers);
        assertThat(bound).isGreaterThanOrEqualTo(encoded).isLessThanOrEqualTo(encoded + 16);
      }
    }
  }

  @Test
  void varintSizesFollowZigZagEncoding() {
    assertThat(RecordSizes.varintSize(0)).isEqualTo(1);
    assertThat(RecordSizes.varintSize(-1)).isEqualTo(1);
    assertThat(RecordSizes.varintSize(63)).isEqualTo(1);
    assertThat(RecordSizes.varintSize(64)).isEqualTo(2);
    assertThat(RecordSizes.varintSize(Integer.MAX_VALUE)).isEqualTo(5);
  }
}
