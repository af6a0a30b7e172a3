package io.strand.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionRoundTripTest {

  @ParameterizedTest
  @EnumSource(CompressionType.class)
  void everyCodecRoundTripsRecordsAndKeepsItsId(CompressionType codec) {
    Random random = new Random(42);
    RecordBatchBuilder builder = new RecordBatchBuilder(codec).producer(5, (short) 1, 100);
    List<Record> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      byte[] key = i % 7 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
      // Text-like values so that every codec has something to compress.
      byte[] value = ("value " + random.nextInt(50) + " ").repeat(random.nextInt(20)).getBytes(StandardCharsets.UTF_8);
      List<Header> headers = i % 3 == 0 ? List.of(new Header("n", new byte[] {(byte) i})) : List.of();
      builder.append(10_000 + i, key, value, headers);
      expected.add(new Record(i, 10_000 + i, key, value, headers));
    }
    ByteBuffer bytes = builder.build();
    RecordBatch batch = RecordBatch.wrap(bytes);
    batch.ensureValid();
    assertThat(batch.compression()).isEqualTo(codec);
    assertThat(batch.attributes() & 0x07).isEqualTo(codec.id());
    assertThat(batch.records()).isEqualTo(expected);
    if (codec != CompressionType.NONE) {
      assertThat(batch.sizeInBytes()).isLessThan(builder.estimatedSizeInBytes());
    }
  }

  @ParameterizedTest
  @EnumSource(CompressionType.class)
  void configNamesResolveBothWays(CompressionType codec) {
    assertThat(CompressionType.forConfigName(codec.configName().toUpperCase(java.util.Locale.ROOT)))
        .isEqualTo(codec);
    assertThat(CompressionType.forId(codec.id())).isEqualTo(codec);
  }
}
