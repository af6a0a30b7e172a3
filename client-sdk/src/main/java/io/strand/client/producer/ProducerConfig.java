package io.strand.client.producer;

import io.strand.client.ClientConfig;
import io.strand.client.error.ConfigException;
import io.strand.client.internal.ConfigReader;
import io.strand.record.CompressionType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Producer settings, with Kafka's key names and (where Strand behaves the same) Kafka's defaults.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #ACKS}</td><td>{@code all}</td><td>{@code all} (also {@code -1}, {@code 1}) or {@code none}
 *       (also {@code 0}); see {@link Acks}</td></tr>
 *   <tr><td>{@value #BATCH_SIZE}</td><td>16384</td><td>target uncompressed bytes per partition batch</td></tr>
 *   <tr><td>{@value #LINGER_MS}</td><td>5</td><td>how long a non-full batch waits for more records</td></tr>
 *   <tr><td>{@value #BUFFER_MEMORY}</td><td>33554432</td><td>bytes of records the producer holds before
 *       {@code send()} blocks</td></tr>
 *   <tr><td>{@value #MAX_BLOCK_MS}</td><td>60000</td><td>how long {@code send()} may block for metadata or
 *       buffer space</td></tr>
 *   <tr><td>{@value #BUFFER_FULL_POLICY}</td><td>{@code block}</td><td>what {@code send()} does when {@code
 *       buffer.memory} is full: {@code block} (up to {@code max.block.ms}, then {@code
 *       BufferExhaustedException}) or {@code fail} (throw {@code BufferExhaustedException} at once;
 *       Strand-specific)</td></tr>
 *   <tr><td>{@value #COMPRESSION_TYPE}</td><td>{@code none}</td><td>{@code none}, {@code gzip}, {@code snappy},
 *       {@code lz4} or {@code zstd}; whole batches, stored as sent</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>2147483647</td><td>retries per batch (bounded by the delivery
 *       timeout)</td></tr>
 *   <tr><td>{@value #DELIVERY_TIMEOUT_MS}</td><td>120000</td><td>upper bound from {@code send()} to success or
 *       failure, retries included; at least {@code linger.ms + request.timeout.ms}</td></tr>
 *   <tr><td>{@value #MAX_IN_FLIGHT}</td><td>5</td><td>unacknowledged batches per partition (Strand counts
 *       per partition); at most 5 with idempotence</td></tr>
 *   <tr><td>{@value #ENABLE_IDEMPOTENCE}</td><td>{@code true}</td><td>producer id + per-partition sequence
 *       numbers so retries never duplicate or reorder; needs {@code acks=all}. Left at its default it is
 *       switched off silently by {@code acks=none} or more than 5 in flight, as in Kafka</td></tr>
 *   <tr><td>{@value #MAX_REQUEST_SIZE}</td><td>1048576</td><td>largest produce request (and thus record)
 *       in bytes</td></tr>
 * </table>
 *
 * <p>Keys of {@link ClientConfig} are accepted and ignored, so one map can configure both.
 *
 * <p>Immutable; thread-safe.
 */
public final class ProducerConfig {
  /** Acknowledgement mode. */
  public static final String ACKS = "acks";
  /** Target batch size in bytes. */
  public static final String BATCH_SIZE = "batch.size";
  /** Linger time in milliseconds. */
  public static final String LINGER_MS = "linger.ms";
  /** Record buffer size in bytes. */
  public static final String BUFFER_MEMORY = "buffer.memory";
  /** Maximum blocking time of send() in milliseconds. */
  public static final String MAX_BLOCK_MS = "max.block.ms";
  /** {@code block} or {@code fail} when the buffer is full. */
  public static final String BUFFER_FULL_POLICY = "buffer.full.policy";
  /** Batch compression codec. */
  public static final String COMPRESSION_TYPE = "compression.type";
  /** Retries per batch. */
  public static final String RETRIES = "retries";
  /** Delivery timeout in milliseconds. */
  public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
  /** Unacknowledged batches per partition. */
  public static final String MAX_IN_FLIGHT = "max.in.flight.requests.per.connection";
  /** Idempotent producer switch. */
  public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";
  /** Largest request in bytes. */
  public static final String MAX_REQUEST_SIZE = "max.request.size";

  /** Every key this class reads. */
  public static final Set<String> KEYS = Set.of(ACKS, BATCH_SIZE, LINGER_MS, BUFFER_MEMORY, MAX_BLOCK_MS,
      BUFFER_FULL_POLICY, COMPRESSION_TYPE, RETRIES, DELIVERY_TIMEOUT_MS, MAX_IN_FLIGHT, ENABLE_IDEMPOTENCE, MAX_REQUEST_SIZE);

  private static final int MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

  private final Acks acks;
  private final int batchSize;
  private final Duration linger;
  private final long bufferMemory;
  private final Duration maxBlock;
  private final boolean blockWhenFull;
  private final CompressionType compression;
  private final int retries;
  private final Duration deliveryTimeout;
  private final int maxInFlight;
  private final boolean idempotence;
  private final int maxRequestSize;

  private ProducerConfig(ConfigReader reader) {
    this.acks = reader.parsed(ACKS, Acks.ALL, Acks::parse);
    this.batchSize = reader.intValue(BATCH_SIZE, 16_384, 0, Integer.MAX_VALUE);
    this.linger = Duration.ofMillis(reader.longValue(LINGER_MS, 5, 0, Integer.MAX_VALUE));
    this.bufferMemory = reader.longValue(BUFFER_MEMORY, 32L << 20, 1024, Long.MAX_VALUE);
    this.maxBlock = Duration.ofMillis(reader.longValue(MAX_BLOCK_MS, 60_000, 0, Long.MAX_VALUE));
    this.blockWhenFull = reader.parsed(BUFFER_FULL_POLICY, true, ProducerConfig::parseBufferFullPolicy);
    this.compression = reader.parsed(COMPRESSION_TYPE, CompressionType.NONE, CompressionType::forConfigName);
    this.retries = reader.intValue(RETRIES, Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
    this.deliveryTimeout = Duration.ofMillis(reader.longValue(DELIVERY_TIMEOUT_MS, 120_000, 1, Integer.MAX_VALUE));
    this.maxInFlight = reader.intValue(MAX_IN_FLIGHT, 5, 1, Integer.MAX_VALUE);
    this.maxRequestSize = reader.intValue(MAX_REQUEST_SIZE, 1 << 20, 1024, Integer.MAX_VALUE);
    boolean explicit = reader.string(ENABLE_IDEMPOTENCE, null) != null;
    boolean requested = reader.booleanValue(ENABLE_IDEMPOTENCE, true);
    boolean compatible = acks == Acks.ALL && maxInFlight <= MAX_IN_FLIGHT_FOR_IDEMPOTENCE;
    if (explicit && requested && !compatible) {
      throw new ConfigException(ENABLE_IDEMPOTENCE + "=true needs " + ACKS + "=all and " + MAX_IN_FLIGHT
          + " <= " + MAX_IN_FLIGHT_FOR_IDEMPOTENCE + " (got acks=" + acks.configName() + ", " + MAX_IN_FLIGHT
          + "=" + maxInFlight + ")");
    }
    this.idempotence = requested && compatible;
    if (deliveryTimeout.compareTo(linger) < 0) {
      throw new ConfigException(DELIVERY_TIMEOUT_MS + " must be >= " + LINGER_MS);
    }
  }

  private static boolean parseBufferFullPolicy(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "block" -> true;
      case "fail" -> false;
      default -> throw new ConfigException("expected block or fail, got '" + value + "'");
    };
  }

  /**
   * @param configs keys and values; keys of {@link ClientConfig} are accepted and ignored
   * @return the validated config
   * @throws ConfigException naming the first invalid or unknown key
   */
  public static ProducerConfig from(Map<String, String> configs) {
    ConfigReader reader = new ConfigReader(configs);
    ProducerConfig config = new ProducerConfig(reader);
    reader.accept(ClientConfig.KEYS);
    reader.rejectUnknown("producer");
    return config;
  }

  /** @return a config with every default */
  public static ProducerConfig defaults() {
    return from(Map.of());
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the acknowledgement mode */
  public Acks acks() {
    return acks;
  }

  /** @return the target batch size in bytes */
  public int batchSize() {
    return batchSize;
  }

  /** @return how long a non-full batch waits */
  public Duration linger() {
    return linger;
  }

  /** @return the record buffer size in bytes */
  public long bufferMemory() {
    return bufferMemory;
  }

  /** @return the maximum time send() blocks */
  public Duration maxBlock() {
    return maxBlock;
  }

  /** @return whether send() waits (up to max.block.ms) for buffer space rather than failing at once */
  public boolean blockWhenBufferFull() {
    return blockWhenFull;
  }

  /** @return the batch compression codec */
  public CompressionType compression() {
    return compression;
  }

  /** @return retries per batch */
  public int retries() {
    return retries;
  }

  /** @return the delivery timeout */
  public Duration deliveryTimeout() {
    return deliveryTimeout;
  }

  /** @return unacknowledged batches allowed per partition */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** @return whether the producer is idempotent (after resolving the defaults) */
  public boolean idempotence() {
    return idempotence;
  }

  /** @return the largest request in bytes */
  public int maxRequestSize() {
    return maxRequestSize;
  }

  /**
   * Fluent construction of a {@link ProducerConfig} (stores string values; validation as for maps).
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    /** @param acks acknowledgement mode */
    public Builder acks(Acks acks) {
      return set(ACKS, acks.configName());
    }

    /** @param bytes target batch size */
    public Builder batchSize(int bytes) {
      return set(BATCH_SIZE, Integer.toString(bytes));
    }

    /** @param linger linger time */
    public Builder linger(Duration linger) {
      return set(LINGER_MS, Long.toString(linger.toMillis()));
    }

    /** @param bytes buffer size */
    public Builder bufferMemory(long bytes) {
      return set(BUFFER_MEMORY, Long.toString(bytes));
    }

    /** @param maxBlock maximum blocking time of send() */
    public Builder maxBlock(Duration maxBlock) {
      return set(MAX_BLOCK_MS, Long.toString(maxBlock.toMillis()));
    }

    /** @param compression codec */
    public Builder compression(CompressionType compression) {
      return set(COMPRESSION_TYPE, compression.configName());
    }

    /** @param timeout delivery timeout */
    public Builder deliveryTimeout(Duration timeout) {
      return set(DELIVERY_TIMEOUT_MS, Long.toString(timeout.toMillis()));
    }

    /** @param enabled idempotence switch */
    public Builder idempotence(boolean enabled) {
      return set(ENABLE_IDEMPOTENCE, Boolean.toString(enabled));
    }

    /**
     * Sets any key by name.
     *
     * @param key a key of this class
     * @param value its string value
     */
    public Builder set(String key, String value) {
      values.put(key, value);
      return this;
    }

    /** @return the validated config */
    public ProducerConfig build() {
      return from(values);
    }
  }
}
