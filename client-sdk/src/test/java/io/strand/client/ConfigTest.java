package io.strand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strand.client.consumer.ConsumerConfig;
import io.strand.client.consumer.OffsetResetStrategy;
import io.strand.client.error.ConfigException;
import io.strand.client.producer.Acks;
import io.strand.client.producer.ProducerConfig;
import io.strand.record.CompressionType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void clientDefaults() {
    ClientConfig config = ClientConfig.from(Map.of("bootstrap.servers", "a:1, b:2"));
    assertThat(config.bootstrapServers()).containsExactly("a:1", "b:2");
    assertThat(config.routing()).isEqualTo(Routing.DIRECT);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.defaultApiTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void clientConfigRejectsMissingBootstrapBadAddressesAndUnknownKeys() {
    assertThatThrownBy(() -> ClientConfig.from(Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers");
    assertThatThrownBy(() -> ClientConfig.from(Map.of("bootstrap.servers", "nohost")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("host:port");
    assertThatThrownBy(() -> ClientConfig.from(Map.of("bootstrap.servers", "a:1", "routing", "smart")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("routing");
    assertThatThrownBy(() -> ClientConfig.from(Map.of("bootstrap.servers", "a:1", "lingerms", "5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("lingerms");
  }

  @Test
  void oneMapConfiguresClientProducerAndConsumer() {
    Map<String, String> all = Map.of("bootstrap.servers", "a:1", "routing", "proxy", "linger.ms", "7",
        "fetch.max.wait.ms", "9");
    assertThat(ClientConfig.from(all).routing()).isEqualTo(Routing.PROXY);
    assertThat(ProducerConfig.from(Map.of("bootstrap.servers", "a:1", "linger.ms", "7")).linger())
        .isEqualTo(Duration.ofMillis(7));
    assertThat(ConsumerConfig.from(Map.of("bootstrap.servers", "a:1", "fetch.max.wait.ms", "9")).fetchMaxWait())
        .isEqualTo(Duration.ofMillis(9));
  }

  @Test
  void producerDefaultsFollowKafka() {
    ProducerConfig config = ProducerConfig.defaults();
    assertThat(config.acks()).isEqualTo(Acks.ALL);
    assertThat(config.batchSize()).isEqualTo(16_384);
    assertThat(config.linger()).isEqualTo(Duration.ofMillis(5));
    assertThat(config.bufferMemory()).isEqualTo(32L << 20);
    assertThat(config.maxBlock()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.compression()).isEqualTo(CompressionType.NONE);
    assertThat(config.deliveryTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(config.maxInFlight()).isEqualTo(5);
    assertThat(config.idempotence()).isTrue();
    assertThat(config.maxRequestSize()).isEqualTo(1 << 20);
  }

  @Test
  void idempotenceIsSilentlyOffWithAcksNoneByDefaultButAnExplicitConflictFails() {
    assertThat(ProducerConfig.from(Map.of("acks", "0")).idempotence()).isFalse();
    assertThat(ProducerConfig.from(Map.of("max.in.flight.requests.per.connection", "6")).idempotence()).isFalse();
    assertThatThrownBy(() -> ProducerConfig.from(Map.of("acks", "none", "enable.idempotence", "true")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("acks=all");
    assertThat(ProducerConfig.from(Map.of("acks", "1")).acks()).isEqualTo(Acks.ALL);
  }

  @Test
  void producerRejectsBadValuesNamingTheKey() {
    assertThatThrownBy(() -> ProducerConfig.from(Map.of("compression.type", "brotli")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("compression.type");
    assertThatThrownBy(() -> ProducerConfig.from(Map.of("batch.size", "-1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("batch.size");
    assertThatThrownBy(() -> ProducerConfig.from(Map.of("linger.ms", "soon")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("whole number");
    assertThatThrownBy(() -> ProducerConfig.from(Map.of("fetch.max.wait.ms", "1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown producer config");
  }

  @Test
  void everyCompressionCodecIsAccepted() {
    for (String codec : new String[] {"none", "gzip", "snappy", "lz4", "zstd"}) {
      assertThat(ProducerConfig.from(Map.of("compression.type", codec)).compression().configName()).isEqualTo(codec);
    }
  }

  @Test
  void consumerDefaultsAndValidation() {
    ConsumerConfig config = ConsumerConfig.defaults();
    assertThat(config.autoOffsetReset()).isEqualTo(OffsetResetStrategy.LATEST);
    assertThat(config.fetchMaxWait()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.maxPollRecords()).isEqualTo(500);
    assertThat(config.checkCrcs()).isTrue();
    assertThatThrownBy(() -> ConsumerConfig.from(Map.of("max.partition.fetch.bytes", "100", "fetch.max.bytes", "10")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must not exceed");
    assertThatThrownBy(() -> ConsumerConfig.from(Map.of("auto.offset.reset", "middle")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auto.offset.reset");
  }

  @Test
  void buildersProduceTheSameConfigAsMaps() {
    ProducerConfig built = ProducerConfig.builder().acks(Acks.NONE).batchSize(1024).compression(CompressionType.ZSTD)
        .build();
    assertThat(built.acks()).isEqualTo(Acks.NONE);
    assertThat(built.batchSize()).isEqualTo(1024);
    assertThat(built.compression()).isEqualTo(CompressionType.ZSTD);
    assertThat(ClientConfig.builder().bootstrapServers("h:1").routing(Routing.PROXY).build().routing())
        .isEqualTo(Routing.PROXY);
  }
}
