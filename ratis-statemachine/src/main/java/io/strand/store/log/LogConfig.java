package io.strand.store.log;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Per-partition settings of a {@link SegmentedLog}. Keys use Kafka's topic-config names so that operators can carry
 * their habits over. Every key has {@code *_KEY}, {@code *_DOC} and {@code *_DEFAULT} constants; the canonical
 * constructor validates, so an instance is always usable.
 *
 * <p>Immutable and thread-safe.
 *
 * @param segmentBytes roll the active segment before an append would make it larger than this ({@value
 *     #SEGMENT_BYTES_KEY})
 * @param segmentMs roll the active segment once it has been written to for this long ({@value #SEGMENT_MS_KEY})
 * @param retentionMs delete inactive segments whose newest timestamp is older than this; -1 keeps them forever
 *     ({@value #RETENTION_MS_KEY})
 * @param retentionBytes delete the oldest inactive segments while the log is larger than this; -1 means no limit
 *     ({@value #RETENTION_BYTES_KEY})
 * @param maxMessageBytes largest accepted record batch, log overhead included ({@value #MAX_MESSAGE_BYTES_KEY})
 * @param indexIntervalBytes bytes appended between two sparse index entries ({@value #INDEX_INTERVAL_BYTES_KEY})
 * @param maxIndexSizeBytes largest offset or time index file; a full index rolls the segment ({@value
 *     #SEGMENT_INDEX_BYTES_KEY})
 */
public record LogConfig(
    int segmentBytes,
    long segmentMs,
    long retentionMs,
    long retentionBytes,
    int maxMessageBytes,
    int indexIntervalBytes,
    int maxIndexSizeBytes) {

  /** Smallest useful batch: the fixed RecordBatch v2 header. Bounds several minimums below. */
  static final int MIN_BATCH_BYTES = 61;

  public static final String SEGMENT_BYTES_KEY = "segment.bytes";
  public static final String SEGMENT_BYTES_DOC = "Size in bytes at which the active segment is rolled; a segment "
      + "always holds at least one batch. Minimum " + MIN_BATCH_BYTES + ".";
  public static final int SEGMENT_BYTES_DEFAULT = 1024 * 1024 * 1024;

  public static final String SEGMENT_MS_KEY = "segment.ms";
  public static final String SEGMENT_MS_DOC = "Milliseconds after the first append to the active segment at which "
      + "it is rolled, even if not full, so that time retention can delete old data. Minimum 1.";
  public static final long SEGMENT_MS_DEFAULT = 7L * 24 * 60 * 60 * 1000;

  public static final String RETENTION_MS_KEY = "retention.ms";
  public static final String RETENTION_MS_DOC = "Milliseconds to keep an inactive segment after its newest record "
      + "timestamp; -1 keeps data forever. The active segment is never deleted.";
  public static final long RETENTION_MS_DEFAULT = 7L * 24 * 60 * 60 * 1000;

  public static final String RETENTION_BYTES_KEY = "retention.bytes";
  public static final String RETENTION_BYTES_DOC = "Size in bytes the partition log may reach before its oldest "
      + "inactive segments are deleted; -1 means no size limit.";
  public static final long RETENTION_BYTES_DEFAULT = -1L;

  public static final String MAX_MESSAGE_BYTES_KEY = "max.message.bytes";
  public static final String MAX_MESSAGE_BYTES_DOC = "Largest record batch accepted by append, in bytes, including "
      + "the 12-byte log overhead (offset and length fields). Minimum " + MIN_BATCH_BYTES + ".";
  public static final int MAX_MESSAGE_BYTES_DEFAULT = 1024 * 1024 + 12;

  public static final String INDEX_INTERVAL_BYTES_KEY = "index.interval.bytes";
  public static final String INDEX_INTERVAL_BYTES_DOC = "Bytes of batches appended between two entries of the "
      + "sparse offset index; smaller values make reads seek faster and indexes larger. 0 indexes every batch.";
  public static final int INDEX_INTERVAL_BYTES_DEFAULT = 4096;

  public static final String SEGMENT_INDEX_BYTES_KEY = "segment.index.bytes";
  public static final String SEGMENT_INDEX_BYTES_DOC = "Maximum size in bytes of a segment's offset index and time "
      + "index; when either is full the segment is rolled. Minimum 12 (one time-index entry).";
  public static final int SEGMENT_INDEX_BYTES_DEFAULT = 10 * 1024 * 1024;

  /** Every key understood by {@link #fromTopicConfigs(Map)}, in documentation order. */
  public static final List<String> KEYS = List.of(SEGMENT_BYTES_KEY, SEGMENT_MS_KEY, RETENTION_MS_KEY,
      RETENTION_BYTES_KEY, MAX_MESSAGE_BYTES_KEY, INDEX_INTERVAL_BYTES_KEY, SEGMENT_INDEX_BYTES_KEY);

  /** The documented defaults. */
  public static final LogConfig DEFAULT = new LogConfig(SEGMENT_BYTES_DEFAULT, SEGMENT_MS_DEFAULT,
      RETENTION_MS_DEFAULT, RETENTION_BYTES_DEFAULT, MAX_MESSAGE_BYTES_DEFAULT, INDEX_INTERVAL_BYTES_DEFAULT,
      SEGMENT_INDEX_BYTES_DEFAULT);

  private static final Map<String, BiConsumer<Builder, String>> SETTERS = setters();

  /** Validates every field; messages name the topic-config key and the offending value. */
  public LogConfig {
    requireAtLeast(SEGMENT_BYTES_KEY, segmentBytes, MIN_BATCH_BYTES);
    requireAtLeast(SEGMENT_MS_KEY, segmentMs, 1);
    requireLimitOrUnlimited(RETENTION_MS_KEY, retentionMs);
    requireLimitOrUnlimited(RETENTION_BYTES_KEY, retentionBytes);
    requireAtLeast(MAX_MESSAGE_BYTES_KEY, maxMessageBytes, MIN_BATCH_BYTES);
    requireAtLeast(INDEX_INTERVAL_BYTES_KEY, indexIntervalBytes, 0);
    requireAtLeast(SEGMENT_INDEX_BYTES_KEY, maxIndexSizeBytes, TimeIndex.ENTRY_SIZE);
  }

  public static Builder builder() {
    return new Builder(DEFAULT);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds a config from Kafka-style topic overrides on top of {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException naming the key and value when a key is unknown or a value does not parse or
   *     validate
   */
  public static LogConfig fromTopicConfigs(Map<String, String> overrides) {
    return DEFAULT.withTopicConfigs(overrides);
  }

  /**
   * This config with Kafka-style topic overrides applied; keys absent from {@code overrides} keep their values.
   *
   * @throws IllegalArgumentException naming the key and value when a key is unknown or a value does not parse or
   *     validate
   */
  public LogConfig withTopicConfigs(Map<String, String> overrides) {
    Builder builder = toBuilder();
    for (Map.Entry<String, String> entry : overrides.entrySet()) {
      BiConsumer<Builder, String> setter = SETTERS.get(entry.getKey());
      if (setter == null) {
        throw new IllegalArgumentException("unknown topic config '" + entry.getKey() + "'; known keys: " + KEYS);
      }
      if (entry.getValue() == null) {
        throw new IllegalArgumentException("topic config '" + entry.getKey() + "' has no value");
      }
      setter.accept(builder, entry.getValue().trim());
    }
    return builder.build();
  }

  /** This config as Kafka-style topic configs, keyed by {@link #KEYS}, values in decimal. */
  public Map<String, String> toTopicConfigs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put(SEGMENT_BYTES_KEY, Integer.toString(segmentBytes));
    configs.put(SEGMENT_MS_KEY, Long.toString(segmentMs));
    configs.put(RETENTION_MS_KEY, Long.toString(retentionMs));
    configs.put(RETENTION_BYTES_KEY, Long.toString(retentionBytes));
    configs.put(MAX_MESSAGE_BYTES_KEY, Integer.toString(maxMessageBytes));
    configs.put(INDEX_INTERVAL_BYTES_KEY, Integer.toString(indexIntervalBytes));
    configs.put(SEGMENT_INDEX_BYTES_KEY, Integer.toString(maxIndexSizeBytes));
    return configs;
  }

  private static Map<String, BiConsumer<Builder, String>> setters() {
    Map<String, BiConsumer<Builder, String>> setters = new HashMap<>();
    setters.put(SEGMENT_BYTES_KEY, (b, v) -> b.segmentBytes(parseInt(SEGMENT_BYTES_KEY, v)));
    setters.put(SEGMENT_MS_KEY, (b, v) -> b.segmentMs(parseLong(SEGMENT_MS_KEY, v)));
    setters.put(RETENTION_MS_KEY, (b, v) -> b.retentionMs(parseLong(RETENTION_MS_KEY, v)));
    setters.put(RETENTION_BYTES_KEY, (b, v) -> b.retentionBytes(parseLong(RETENTION_BYTES_KEY, v)));
    setters.put(MAX_MESSAGE_BYTES_KEY, (b, v) -> b.maxMessageBytes(parseInt(MAX_MESSAGE_BYTES_KEY, v)));
    setters.put(INDEX_INTERVAL_BYTES_KEY, (b, v) -> b.indexIntervalBytes(parseInt(INDEX_INTERVAL_BYTES_KEY, v)));
    setters.put(SEGMENT_INDEX_BYTES_KEY, (b, v) -> b.maxIndexSizeBytes(parseInt(SEGMENT_INDEX_BYTES_KEY, v)));
    return Map.copyOf(setters);
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid value '" + value + "' for " + key + ": expected an integer in ["
          + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]", e);
    }
  }

  private static long parseLong(String key, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid value '" + value + "' for " + key + ": expected a 64-bit integer",
          e);
    }
  }

  private static void requireAtLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException("invalid value " + value + " for " + key + ": must be >= " + min);
    }
  }

  private static void requireLimitOrUnlimited(String key, long value) {
    if (value < -1) {
      throw new IllegalArgumentException("invalid value " + value + " for " + key
          + ": must be >= 0, or -1 for no limit");
    }
  }

  /** Mutable builder; starts from the values of the config it was created from. Not thread-safe. */
  public static final class Builder {
    private int segmentBytes;
    private long segmentMs;
    private long retentionMs;
    private long retentionBytes;
    private int maxMessageBytes;
    private int indexIntervalBytes;
    private int maxIndexSizeBytes;

    private Builder(LogConfig from) {
      segmentBytes = from.segmentBytes;
      segmentMs = from.segmentMs;
      retentionMs = from.retentionMs;
      retentionBytes = from.retentionBytes;
      maxMessageBytes = from.maxMessageBytes;
      indexIntervalBytes = from.indexIntervalBytes;
      maxIndexSizeBytes = from.maxIndexSizeBytes;
    }

    public Builder segmentBytes(int segmentBytes) {
      this.segmentBytes = segmentBytes;
      return this;
    }

    public Builder segmentMs(long segmentMs) {
      this.segmentMs = segmentMs;
      return this;
    }

    public Builder retentionMs(long retentionMs) {
      this.retentionMs = retentionMs;
      return this;
    }

    public Builder retentionBytes(long retentionBytes) {
      this.retentionBytes = retentionBytes;
      return this;
    }

    public Builder maxMessageBytes(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    public Builder indexIntervalBytes(int indexIntervalBytes) {
      this.indexIntervalBytes = indexIntervalBytes;
      return this;
    }

    public Builder maxIndexSizeBytes(int maxIndexSizeBytes) {
      this.maxIndexSizeBytes = maxIndexSizeBytes;
      return this;
    }

    /** @throws IllegalArgumentException naming the first invalid key */
    public LogConfig build() {
      return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, maxMessageBytes,
          indexIntervalBytes, maxIndexSizeBytes);
    }
  }
}
