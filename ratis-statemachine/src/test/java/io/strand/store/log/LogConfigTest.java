package io.strand.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    LogConfig config = LogConfig.DEFAULT;
    assertThat(config.segmentBytes()).isEqualTo(1 << 30);
    assertThat(config.segmentMs()).isEqualTo(7L * 24 * 3600 * 1000);
    assertThat(config.retentionMs()).isEqualTo(7L * 24 * 3600 * 1000);
    assertThat(config.retentionBytes()).isEqualTo(-1);
    assertThat(config.maxMessageBytes()).isEqualTo(1024 * 1024 + 12);
    assertThat(config.indexIntervalBytes()).isEqualTo(4096);
    assertThat(config.maxIndexSizeBytes()).isEqualTo(10 * 1024 * 1024);
    assertThat(LogConfig.builder().build()).isEqualTo(config);
  }

  @Test
  void topicConfigsOverrideDefaults() {
    LogConfig config = LogConfig.fromTopicConfigs(Map.of("segment.bytes", "1048576", "retention.ms", "-1",
        "retention.bytes", " 5000 ", "index.interval.bytes", "0"));
    assertThat(config.segmentBytes()).isEqualTo(1048576);
    assertThat(config.retentionMs()).isEqualTo(-1);
    assertThat(config.retentionBytes()).isEqualTo(5000);
    assertThat(config.indexIntervalBytes()).isZero();
    assertThat(config.segmentMs()).isEqualTo(LogConfig.SEGMENT_MS_DEFAULT);
  }

  @Test
  void topicConfigsRoundTrip() {
    LogConfig config = LogConfig.builder().segmentBytes(4096).segmentMs(60_000).retentionMs(120_000)
        .retentionBytes(1 << 20).maxMessageBytes(2048).indexIntervalBytes(128).maxIndexSizeBytes(4096).build();
    assertThat(config.toTopicConfigs()).containsOnlyKeys(LogConfig.KEYS);
    assertThat(LogConfig.fromTopicConfigs(config.toTopicConfigs())).isEqualTo(config);
  }

  @Test
  void unknownKeyIsNamed() {
    assertThatThrownBy(() -> LogConfig.fromTopicConfigs(Map.of("segment.byte", "10")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("segment.byte");
  }

  @Test
  void unparsableValueNamesKeyAndValue() {
    assertThatThrownBy(() -> LogConfig.fromTopicConfigs(Map.of("segment.ms", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("segment.ms")
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> LogConfig.fromTopicConfigs(Map.of("segment.bytes", "3000000000")))
        .hasMessageContaining("segment.bytes")
        .hasMessageContaining("3000000000");
  }

  @Test
  void outOfRangeValuesNameKeyAndValue() {
    assertThatThrownBy(() -> LogConfig.fromTopicConfigs(Map.of("segment.bytes", "10")))
        .hasMessageContaining("segment.bytes").hasMessageContaining("10");
    assertThatThrownBy(() -> LogConfig.fromTopicConfigs(Map.of("retention.ms", "-2")))
        .hasMessageContaining("retention.ms").hasMessageContaining("-2");
    assertThatThrownBy(() -> LogConfig.fromTopicConfigs(Map.of("retention.bytes", "-5")))
        .hasMessageContaining("retention.bytes");
    assertThatThrownBy(() -> LogConfig.fromTopicConfigs(Map.of("segment.ms", "0")))
        .hasMessageContaining("segment.ms");
    assertThatThrownBy(() -> LogConfig.fromTopicConfigs(Map.of("index.interval.bytes", "-1")))
        .hasMessageContaining("index.interval.bytes");
    assertThatThrownBy(() -> LogConfig.fromTopicConfigs(Map.of("segment.index.bytes", "11")))
        .hasMessageContaining("segment.index.bytes");
    assertThatThrownBy(() -> LogConfig.fromTopicConfigs(Map.of("max.message.bytes", "60")))
        .hasMessageContaining("max.message.bytes");
  }

  @Test
  void everyKeyHasDocumentation() {
    assertThat(LogConfig.KEYS).hasSize(7).doesNotHaveDuplicates();
    assertThat(LogConfig.DEFAULT.toTopicConfigs().keySet()).containsExactlyElementsOf(LogConfig.KEYS);
  }
}
