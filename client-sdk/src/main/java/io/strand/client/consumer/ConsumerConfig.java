package io.strand.client.consumer;

import io.strand.client.ClientConfig;
import io.strand.client.error.ConfigException;
import io.strand.client.internal.ConfigReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Consumer settings, with Kafka's key names and defaults where Kafka has the same setting.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #AUTO_OFFSET_RESET}</td><td>{@code latest}</td><td>{@code earliest}, {@code latest} or
 *       {@code none}: where a partition without position (or out of range) starts</td></tr>
 *   <tr><td>{@value #FETCH_MIN_BYTES}</td><td>1</td><td>a fetch returns once this many bytes are available</td></tr>
 *   <tr><td>{@value #FETCH_MAX_WAIT_MS}</td><td>500</td><td>how long a fetch long-polls for {@code
 *       fetch.min.bytes}</td></tr>
 *   <tr><td>{@value #FETCH_MAX_BYTES}</td><td>52428800</td><td>most bytes per fetch response (at least one batch
 *       is always returned)</td></tr>
 *   <tr><td>{@value #MAX_PARTITION_FETCH_BYTES}</td><td>1048576</td><td>most bytes per partition per fetch</td></tr>
 *   <tr><td>{@value #MAX_PARTITION_PREFETCH_BYTES}</td><td>2097152</td><td>a partition is fetched ahead while
 *       fewer than this many bytes of it are buffered (Strand-specific)</td></tr>
 *   <tr><td>{@value #MAX_POLL_RECORDS}</td><td>500</td><td>most records one {@code poll} returns</td></tr>
 *   <tr><td>{@value #CHECK_CRCS}</td><td>{@code true}</td><td>verify each fetched batch's CRC-32C</td></tr>
 *   <tr><td>{@value #GROUP_ID}</td><td>(empty)</td><td>the consumer group; required for {@code subscribe} and
 *       commits</td></tr>
 *   <tr><td>{@value #ENABLE_AUTO_COMMIT}</td><td>{@code true}</td><td>commit the positions of owned partitions
 *       every {@code auto.commit.interval.ms}, before a revocation and on close (group consumers only)</td></tr>
 *   <tr><td>{@value #AUTO_COMMIT_INTERVAL_MS}</td><td>5000</td><td>auto-commit period in milliseconds</td></tr>
 *   <tr><td>{@value #SESSION_TIMEOUT_MS}</td><td>45000</td><td>the coordinator evicts the member when no
 *       heartbeat arrived for this long (milliseconds; heartbeats are sent from {@code poll})</td></tr>
 * </table>
 *
 * <p>Keys of {@link ClientConfig} are accepted and ignored, so one map can configure both.
 *
 * <p>Immutable; thread-safe.
 */
public final class ConsumerConfig {
  /** Reset strategy. */
  public static final String AUTO_OFFSET_RESET = "auto.offset.reset";
  /** Minimum fetch bytes. */
  public static final String FETCH_MIN_BYTES = "fetch.min.bytes";
  /** Fetch long-poll time in milliseconds. */
  public static final String FETCH_MAX_WAIT_MS = "fetch.max.wait.ms";
  /** Maximum fetch response bytes. */
  public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
  /** Maximum bytes per partition per fetch. */
  public static final String MAX_PARTITION_FETCH_BYTES = "max.partition.fetch.bytes";
  /** Prefetch bound per partition in bytes. */
  public static final String MAX_PARTITION_PREFETCH_BYTES = "max.partition.prefetch.bytes";
  /** Maximum records per poll. */
  public static final String MAX_POLL_RECORDS = "max.poll.records";
  /** CRC check switch. */
  public static final String CHECK_CRCS = "check.crcs";

  /** Consumer group id. */
  public static final String GROUP_ID = "group.id";
  /** Auto-commit switch. */
  public static final String ENABLE_AUTO_COMMIT = "enable.auto.commit";
  /** Auto-commit period in milliseconds. */
  public static final String AUTO_COMMIT_INTERVAL_MS = "auto.commit.interval.ms";
  /** Group session timeout in milliseconds. */
  public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";

  /** Every key this class reads. */
  public static final Set<String> KEYS = Set.of(AUTO_OFFSET_RESET, FETCH_MIN_BYTES, FETCH_MAX_WAIT_MS,
      FETCH_MAX_BYTES, MAX_PARTITION_FETCH_BYTES, MAX_PARTITION_PREFETCH_BYTES, MAX_POLL_RECORDS, CHECK_CRCS,
      GROUP_ID, ENABLE_AUTO_COMMIT, AUTO_COMMIT_INTERVAL_MS, SESSION_TIMEOUT_MS);

  private final OffsetResetStrategy autoOffsetReset;
  private final int fetchMinBytes;
  private final Duration fetchMaxWait;
  private final int fetchMaxBytes;
  private final int maxPartitionFetchBytes;
  private final long maxPartitionPrefetchBytes;
  private final int maxPollRecords;
  private final boolean checkCrcs;
  private final String groupId;
  private final boolean enableAutoCommit;
  private final Duration autoCommitInterval;
  private final int sessionTimeoutMs;

  private ConsumerConfig(ConfigReader reader) {
    this.autoOffsetReset = reader.parsed(AUTO_OFFSET_RESET, OffsetResetStrategy.LATEST, OffsetResetStrategy::parse);
    this.fetchMinBytes = reader.intValue(FETCH_MIN_BYTES, 1, 0, Integer.MAX_VALUE);
    this.fetchMaxWait = Duration.ofMillis(reader.longValue(FETCH_MAX_WAIT_MS, 500, 0, Integer.MAX_VALUE));
    this.fetchMaxBytes = reader.intValue(FETCH_MAX_BYTES, 50 << 20, 1, Integer.MAX_VALUE);
    this.maxPartitionFetchBytes = reader.intValue(MAX_PARTITION_FETCH_BYTES, 1 << 20, 1, Integer.MAX_VALUE);
    this.maxPartitionPrefetchBytes = reader.longValue(MAX_PARTITION_PREFETCH_BYTES, 2L << 20, 1, Long.MAX_VALUE);
    this.maxPollRecords = reader.intValue(MAX_POLL_RECORDS, 500, 1, Integer.MAX_VALUE);
    this.checkCrcs = reader.booleanValue(CHECK_CRCS, true);
    this.groupId = reader.string(GROUP_ID, "");
    this.enableAutoCommit = reader.booleanValue(ENABLE_AUTO_COMMIT, true);
    this.autoCommitInterval = Duration.ofMillis(reader.longValue(AUTO_COMMIT_INTERVAL_MS, 5000, 1, Integer.MAX_VALUE));
    this.sessionTimeoutMs = reader.intValue(SESSION_TIMEOUT_MS, 45_000, 1000, 1_800_000);
    if (maxPartitionFetchBytes > fetchMaxBytes) {
      throw new ConfigException(MAX_PARTITION_FETCH_BYTES + " (" + maxPartitionFetchBytes + ") must not exceed "
          + FETCH_MAX_BYTES + " (" + fetchMaxBytes + ")");
    }
  }

  /**
   * @param configs keys and values; keys of {@link ClientConfig} are accepted and ignored
   * @return the validated config
   * @throws ConfigException naming the first invalid or unknown key
   */
  public static ConsumerConfig from(Map<String, String> configs) {
    ConfigReader reader = new ConfigReader(configs);
    ConsumerConfig config = new ConsumerConfig(reader);
    reader.accept(ClientConfig.KEYS);
    reader.rejectUnknown("consumer");
    return config;
  }

  /** @return a config with every default */
  public static ConsumerConfig defaults() {
    return from(Map.of());
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return where partitions without a valid position start */
  public OffsetResetStrategy autoOffsetReset() {
    return autoOffsetReset;
  }

  /** @return minimum bytes a fetch waits for */
  public int fetchMinBytes() {
    return fetchMinBytes;
  }

  /** @return the fetch long-poll time */
  public Duration fetchMaxWait() {
    return fetchMaxWait;
  }

  /** @return maximum bytes per fetch response */
  public int fetchMaxBytes() {
    return fetchMaxBytes;
  }

  /** @return maximum bytes per partition per fetch */
  public int maxPartitionFetchBytes() {
    return maxPartitionFetchBytes;
  }

  /** @return the prefetch bound per partition in bytes */
  public long maxPartitionPrefetchBytes() {
    return maxPartitionPrefetchBytes;
  }

  /** @return maximum records per poll */
  public int maxPollRecords() {
    return maxPollRecords;
  }

  /** @return whether fetched batches' CRCs are verified */
  public boolean checkCrcs() {
    return checkCrcs;
  }

  /** @return the consumer group id, "" when the consumer belongs to no group */
  public String groupId() {
    return groupId;
  }

  /** @return whether positions are committed automatically (group consumers only) */
  public boolean enableAutoCommit() {
    return enableAutoCommit;
  }

  /** @return the auto-commit period */
  public Duration autoCommitInterval() {
    return autoCommitInterval;
  }

  /** @return the requested group session timeout in milliseconds */
  public int sessionTimeoutMs() {
    return sessionTimeoutMs;
  }

  /**
   * Fluent construction of a {@link ConsumerConfig} (stores string values; validation as for maps).
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    /** @param strategy the reset strategy */
    public Builder autoOffsetReset(OffsetResetStrategy strategy) {
      return set(AUTO_OFFSET_RESET, strategy.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** @param wait fetch long-poll time */
    public Builder fetchMaxWait(Duration wait) {
      return set(FETCH_MAX_WAIT_MS, Long.toString(wait.toMillis()));
    }

    /** @param records maximum records per poll */
    public Builder maxPollRecords(int records) {
      return set(MAX_POLL_RECORDS, Integer.toString(records));
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
    public ConsumerConfig build() {
      return from(values);
    }
  }
}
