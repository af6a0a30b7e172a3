package io.strand.store.offsets;

import io.strand.store.offsets.assignor.Assignors;
import java.time.Duration;

/**
 * Group coordinator and committed-offset settings; the same on every node (they shape the records the leader
 * writes, never how replicas apply them). Build with {@link #builder()}; {@link #validate()} runs on build.
 *
 * @param offsetsRetentionMs {@value #OFFSETS_RETENTION_MINUTES_KEY} in ms: an empty group's committed offsets are
 *     removed this long after the group became empty (or after the commit, if later). Default 7 days.
 * @param offsetsRetentionCheckIntervalMs how often the coordinator looks for expired offsets and empty groups
 *     without offsets to delete. Default 10 minutes.
 * @param sessionTimeoutMs default member session timeout: a member that does not heartbeat for this long is
 *     evicted and its partitions reassigned. Default 45 s.
 * @param minSessionTimeoutMs smallest session timeout a member may ask for. Default 1 s.
 * @param maxSessionTimeoutMs largest session timeout a member may ask for. Default 30 minutes.
 * @param heartbeatIntervalMs how often members are told to heartbeat; below the default session timeout.
 *     Default 5 s.
 * @param rebalanceTimeoutMs default time a member has to release revoked partitions before it is evicted.
 *     Default 5 minutes (Kafka's max.poll.interval.ms).
 * @param maxRebalanceTimeoutMs largest rebalance timeout a member may ask for. Default 30 minutes.
 * @param defaultAssignor assignor of a group whose members express no preference: "uniform" or "range".
 *     Default "uniform".
 * @param maxMetadataBytes longest commit metadata accepted, in UTF-8 bytes. Default 4096.
 */
public record OffsetsConfig(
    long offsetsRetentionMs,
    long offsetsRetentionCheckIntervalMs,
    int sessionTimeoutMs,
    int minSessionTimeoutMs,
    int maxSessionTimeoutMs,
    int heartbeatIntervalMs,
    int rebalanceTimeoutMs,
    int maxRebalanceTimeoutMs,
    String defaultAssignor,
    int maxMetadataBytes) {

  /** Server config key of {@link #offsetsRetentionMs()}, in minutes (Kafka's name). */
  public static final String OFFSETS_RETENTION_MINUTES_KEY = "offsets.retention.minutes";
  public static final long DEFAULT_OFFSETS_RETENTION_MS = Duration.ofDays(7).toMillis();
  public static final long DEFAULT_RETENTION_CHECK_INTERVAL_MS = Duration.ofMinutes(10).toMillis();
  public static final int DEFAULT_SESSION_TIMEOUT_MS = 45_000;
  public static final int DEFAULT_MIN_SESSION_TIMEOUT_MS = 1_000;
  public static final int DEFAULT_MAX_SESSION_TIMEOUT_MS = 1_800_000;
  public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;
  public static final int DEFAULT_REBALANCE_TIMEOUT_MS = 300_000;
  public static final int DEFAULT_MAX_REBALANCE_TIMEOUT_MS = 1_800_000;
  public static final String DEFAULT_ASSIGNOR = "uniform";
  public static final int DEFAULT_MAX_METADATA_BYTES = 4096;

  public OffsetsConfig {
    validate(offsetsRetentionMs, offsetsRetentionCheckIntervalMs, sessionTimeoutMs, minSessionTimeoutMs,
        maxSessionTimeoutMs, heartbeatIntervalMs, rebalanceTimeoutMs, maxRebalanceTimeoutMs, defaultAssignor,
        maxMetadataBytes);
  }

  /** The defaults listed above. */
  public static OffsetsConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .offsetsRetentionMs(offsetsRetentionMs)
        .offsetsRetentionCheckIntervalMs(offsetsRetentionCheckIntervalMs)
        .sessionTimeoutMs(sessionTimeoutMs)
        .minSessionTimeoutMs(minSessionTimeoutMs)
        .maxSessionTimeoutMs(maxSessionTimeoutMs)
        .heartbeatIntervalMs(heartbeatIntervalMs)
        .rebalanceTimeoutMs(rebalanceTimeoutMs)
        .maxRebalanceTimeoutMs(maxRebalanceTimeoutMs)
        .defaultAssignor(defaultAssignor)
        .maxMetadataBytes(maxMetadataBytes);
  }

  /** A member's requested session timeout (0 = default) clamped into [min, max]. */
  public int effectiveSessionTimeoutMs(int requested) {
    if (requested <= 0) {
      return sessionTimeoutMs;
    }
    return Math.max(minSessionTimeoutMs, Math.min(maxSessionTimeoutMs, requested));
  }

  /**
   * The heartbeat interval told to a member whose (effective) session timeout is {@code sessionTimeoutMs}: the
   * configured interval, but at most a third of the session, so a member that asked for a short session still
   * heartbeats often enough to survive one lost or slow heartbeat instead of being evicted between two of them.
   */
  public int effectiveHeartbeatIntervalMs(int sessionTimeoutMs) {
    return Math.max(1, Math.min(heartbeatIntervalMs, sessionTimeoutMs / 3));
  }

  /** A member's requested rebalance timeout (0 = default) capped at the max. */
  public int effectiveRebalanceTimeoutMs(int requested) {
    if (requested <= 0) {
      return rebalanceTimeoutMs;
    }
    return Math.min(maxRebalanceTimeoutMs, requested);
  }

  private static void validate(long retention, long checkInterval, int session, int minSession, int maxSession,
      int heartbeat, int rebalance, int maxRebalance, String assignor, int maxMetadata) {
    require(retention >= 60_000, OFFSETS_RETENTION_MINUTES_KEY + " must be at least 1 minute, was " + retention
        + " ms");
    require(checkInterval >= 1, "offsets retention check interval must be >= 1 ms, was " + checkInterval);
    require(minSession >= 1 && minSession <= maxSession,
        "session timeout bounds must satisfy 1 <= min <= max, were " + minSession + ".." + maxSession + " ms");
    require(session >= minSession && session <= maxSession,
        "default session timeout " + session + " ms must lie in [" + minSession + ", " + maxSession + "] ms");
    require(heartbeat >= 1 && heartbeat < session,
        "heartbeat interval must be >= 1 ms and below the default session timeout (" + session + " ms), was "
            + heartbeat + " ms");
    require(rebalance >= 1 && rebalance <= maxRebalance,
        "rebalance timeout must satisfy 1 <= default <= max, was " + rebalance + " of max " + maxRebalance + " ms");
    require(assignor != null && Assignors.byName(assignor).isPresent(),
        "default assignor must be one of " + Assignors.names() + ", was " + assignor);
    require(maxMetadata >= 0, "max commit metadata size must be >= 0, was " + maxMetadata);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private long offsetsRetentionMs = DEFAULT_OFFSETS_RETENTION_MS;
    private long offsetsRetentionCheckIntervalMs = DEFAULT_RETENTION_CHECK_INTERVAL_MS;
    private int sessionTimeoutMs = DEFAULT_SESSION_TIMEOUT_MS;
    private int minSessionTimeoutMs = DEFAULT_MIN_SESSION_TIMEOUT_MS;
    private int maxSessionTimeoutMs = DEFAULT_MAX_SESSION_TIMEOUT_MS;
    private int heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
    private int rebalanceTimeoutMs = DEFAULT_REBALANCE_TIMEOUT_MS;
    private int maxRebalanceTimeoutMs = DEFAULT_MAX_REBALANCE_TIMEOUT_MS;
    private String defaultAssignor = DEFAULT_ASSIGNOR;
    private int maxMetadataBytes = DEFAULT_MAX_METADATA_BYTES;

    private Builder() {}

    public Builder offsetsRetentionMs(long v) {
      offsetsRetentionMs = v;
      return this;
    }

    /** Sets the retention from Kafka's {@value #OFFSETS_RETENTION_MINUTES_KEY}. */
    public Builder offsetsRetentionMinutes(long minutes) {
      offsetsRetentionMs = Duration.ofMinutes(minutes).toMillis();
      return this;
    }

    public Builder offsetsRetentionCheckIntervalMs(long v) {
      offsetsRetentionCheckIntervalMs = v;
      return this;
    }

    public Builder sessionTimeoutMs(int v) {
      sessionTimeoutMs = v;
      return this;
    }

    public Builder minSessionTimeoutMs(int v) {
      minSessionTimeoutMs = v;
      return this;
    }

    public Builder maxSessionTimeoutMs(int v) {
      maxSessionTimeoutMs = v;
      return this;
    }

    public Builder heartbeatIntervalMs(int v) {
      heartbeatIntervalMs = v;
      return this;
    }

    public Builder rebalanceTimeoutMs(int v) {
      rebalanceTimeoutMs = v;
      return this;
    }

    public Builder maxRebalanceTimeoutMs(int v) {
      maxRebalanceTimeoutMs = v;
      return this;
    }

    public Builder defaultAssignor(String v) {
      defaultAssignor = v;
      return this;
    }

    public Builder maxMetadataBytes(int v) {
      maxMetadataBytes = v;
      return this;
    }

    public OffsetsConfig build() {
      return new OffsetsConfig(offsetsRetentionMs, offsetsRetentionCheckIntervalMs, sessionTimeoutMs,
          minSessionTimeoutMs, maxSessionTimeoutMs, heartbeatIntervalMs, rebalanceTimeoutMs, maxRebalanceTimeoutMs,
          defaultAssignor, maxMetadataBytes);
    }
  }
}
