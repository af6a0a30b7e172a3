package io.strand.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Typed configuration of one Strand node. The keys, their documentation and defaults are catalogued in
 * {@link ServerConfigKeys}. {@link Builder#build()} validates the whole config and reports every problem at once
 * with a message that says what to fix.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerConfig {

  private final int nodeId;
  private final Path dataDir;
  private final String bindHost;
  private final int grpcPort;
  private final int raftPort;
  private final int metricsPort;
  private final String advertisedHost;
  private final Map<Integer, String> peers;
  private final int maxRequestBytes;
  private final int maxPartitionsPerRequest;
  private final int requestTimeoutMs;
  private final int fetchMaxWaitMs;
  private final int shutdownTimeoutMs;
  private final int defaultPartitions;
  private final int offsetsPartitions;
  private final int offsetsRetentionMinutes;
  private final int defaultReplicationFactor;
  private final int maxPartitionsPerTopic;
  private final Map<String, String> topicConfigDefaults;
  private final int electionTimeoutMinMs;
  private final int electionTimeoutMaxMs;
  private final int snapshotThresholdEntries;
  private final int raftSegmentBytes;
  private final boolean metricsPartitionLabels;
  private final int metricsConsumerLagIntervalMs;

  private ServerConfig(Builder b) {
    this.nodeId = b.nodeId;
    this.dataDir = b.dataDir;
    this.bindHost = b.bindHost;
    this.grpcPort = b.grpcPort;
    this.raftPort = b.raftPort;
    this.metricsPort = b.metricsPort;
    this.advertisedHost = b.advertisedHost;
    this.peers = Collections.unmodifiableMap(new TreeMap<>(b.peers));
    this.maxRequestBytes = b.maxRequestBytes;
    this.maxPartitionsPerRequest = b.maxPartitionsPerRequest;
    this.requestTimeoutMs = b.requestTimeoutMs;
    this.fetchMaxWaitMs = b.fetchMaxWaitMs;
    this.shutdownTimeoutMs = b.shutdownTimeoutMs;
    this.defaultPartitions = b.defaultPartitions;
    this.offsetsPartitions = b.offsetsPartitions;
    this.offsetsRetentionMinutes = b.offsetsRetentionMinutes;
    this.defaultReplicationFactor = b.defaultReplicationFactor;
    this.maxPartitionsPerTopic = b.maxPartitionsPerTopic;
    this.topicConfigDefaults = Collections.unmodifiableMap(new TreeMap<>(b.topicConfigDefaults));
    this.electionTimeoutMinMs = b.electionTimeoutMinMs;
    this.electionTimeoutMaxMs = b.electionTimeoutMaxMs;
    this.snapshotThresholdEntries = b.snapshotThresholdEntries;
    this.raftSegmentBytes = b.raftSegmentBytes;
    this.metricsPartitionLabels = b.metricsPartitionLabels;
    this.metricsConsumerLagIntervalMs = b.metricsConsumerLagIntervalMs;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this config's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Parses a config from string values keyed by {@code *_KEY} names (a config file, or environment variables
   * already mapped to keys by the caller). Absent keys keep their defaults.
   *
   * @throws IllegalArgumentException naming the key for an unknown key or an unparsable or invalid value
   */
  public static ServerConfig fromProperties(Map<String, String> values) {
    return ServerConfigParser.parse(values).build();
  }

  /**
   * Parses {@code "1=host:port,2=host:port"}. Blank input is an empty map.
   *
   * @throws IllegalArgumentException with the offending entry and an example of the expected form
   */
  public static Map<Integer, String> parsePeers(String spec) {
    return ServerConfigParser.parsePeers(spec);
  }

  /** Whether the cluster is this node alone (no peers configured). */
  public boolean isSingleNode() {
    return peers.isEmpty();
  }

  /** The Raft peers of the metadata group: the configured peers, or only this node when none are. */
  public Map<Integer, String> effectivePeers() {
    if (!peers.isEmpty()) {
      return peers;
    }
    String host = "0.0.0.0".equals(bindHost) ? advertisedHost : bindHost;
    return Map.of(nodeId, host + ":" + raftPort);
  }

  public int nodeId() {
    return nodeId;
  }

  public Path dataDir() {
    return dataDir;
  }

  public String bindHost() {
    return bindHost;
  }

  public int grpcPort() {
    return grpcPort;
  }

  public int raftPort() {
    return raftPort;
  }

  public int metricsPort() {
    return metricsPort;
  }

  public String advertisedHost() {
    return advertisedHost;
  }

  public Map<Integer, String> peers() {
    return peers;
  }

  public int maxRequestBytes() {
    return maxRequestBytes;
  }

  public int maxPartitionsPerRequest() {
    return maxPartitionsPerRequest;
  }

  public int requestTimeoutMs() {
    return requestTimeoutMs;
  }

  public int fetchMaxWaitMs() {
    return fetchMaxWaitMs;
  }

  public int shutdownTimeoutMs() {
    return shutdownTimeoutMs;
  }

  public int defaultPartitions() {
    return defaultPartitions;
  }

  public int offsetsPartitions() {
    return offsetsPartitions;
  }

  public int offsetsRetentionMinutes() {
    return offsetsRetentionMinutes;
  }

  public int defaultReplicationFactor() {
    return defaultReplicationFactor;
  }

  public int maxPartitionsPerTopic() {
    return maxPartitionsPerTopic;
  }

  public Map<String, String> topicConfigDefaults() {
    return topicConfigDefaults;
  }

  public int electionTimeoutMinMs() {
    return electionTimeoutMinMs;
  }

  public int electionTimeoutMaxMs() {
    return electionTimeoutMaxMs;
  }

  public int snapshotThresholdEntries() {
    return snapshotThresholdEntries;
  }

  public int raftSegmentBytes() {
    return raftSegmentBytes;
  }

  /** Whether the per-partition meters (labels topic and partition) are exported. */
  public boolean metricsPartitionLabels() {
    return metricsPartitionLabels;
  }

  /** How often a group coordinator refreshes the consumer lag gauge (milliseconds). */
  public int metricsConsumerLagIntervalMs() {
    return metricsConsumerLagIntervalMs;
  }

  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put(ServerConfigKeys.NODE_ID_KEY, nodeId);
    shown.put(ServerConfigKeys.DATA_DIR_KEY, dataDir);
    shown.put(ServerConfigKeys.BIND_HOST_KEY, bindHost);
    shown.put(ServerConfigKeys.GRPC_PORT_KEY, grpcPort);
    shown.put(ServerConfigKeys.RAFT_PORT_KEY, raftPort);
    shown.put(ServerConfigKeys.METRICS_PORT_KEY, metricsPort);
    shown.put(ServerConfigKeys.ADVERTISED_HOST_KEY, advertisedHost);
    shown.put(ServerConfigKeys.PEERS_KEY, peers);
    shown.put(ServerConfigKeys.MAX_REQUEST_BYTES_KEY, maxRequestBytes);
    shown.put(ServerConfigKeys.MAX_PARTITIONS_PER_REQUEST_KEY, maxPartitionsPerRequest);
    shown.put(ServerConfigKeys.REQUEST_TIMEOUT_MS_KEY, requestTimeoutMs);
    shown.put(ServerConfigKeys.FETCH_MAX_WAIT_MS_KEY, fetchMaxWaitMs);
    shown.put(ServerConfigKeys.SHUTDOWN_TIMEOUT_MS_KEY, shutdownTimeoutMs);
    shown.put(ServerConfigKeys.DEFAULT_PARTITIONS_KEY, defaultPartitions);
    shown.put(ServerConfigKeys.OFFSETS_PARTITIONS_KEY, offsetsPartitions);
    shown.put(ServerConfigKeys.OFFSETS_RETENTION_MINUTES_KEY, offsetsRetentionMinutes);
    shown.put(ServerConfigKeys.DEFAULT_REPLICATION_FACTOR_KEY, defaultReplicationFactor);
    shown.put(ServerConfigKeys.MAX_PARTITIONS_PER_TOPIC_KEY, maxPartitionsPerTopic);
    shown.put(ServerConfigKeys.TOPIC_CONFIG_DEFAULTS_KEY, topicConfigDefaults);
    shown.put(ServerConfigKeys.ELECTION_TIMEOUT_MIN_MS_KEY, electionTimeoutMinMs);
    shown.put(ServerConfigKeys.ELECTION_TIMEOUT_MAX_MS_KEY, electionTimeoutMaxMs);
    shown.put(ServerConfigKeys.SNAPSHOT_THRESHOLD_KEY, snapshotThresholdEntries);
    shown.put(ServerConfigKeys.RAFT_SEGMENT_BYTES_KEY, raftSegmentBytes);
    shown.put(ServerConfigKeys.METRICS_PARTITION_LABELS_KEY, metricsPartitionLabels);
    shown.put(ServerConfigKeys.METRICS_CONSUMER_LAG_INTERVAL_MS_KEY, metricsConsumerLagIntervalMs);
    return "ServerConfig" + shown;
  }

  /** Mutable builder; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private int nodeId = ServerConfigKeys.NODE_ID_DEFAULT;
    private Path dataDir = Path.of(ServerConfigKeys.DATA_DIR_DEFAULT);
    private String bindHost = ServerConfigKeys.BIND_HOST_DEFAULT;
    private int grpcPort = ServerConfigKeys.GRPC_PORT_DEFAULT;
    private int raftPort = ServerConfigKeys.RAFT_PORT_DEFAULT;
    private int metricsPort = ServerConfigKeys.METRICS_PORT_DEFAULT;
    private String advertisedHost = ServerConfigKeys.ADVERTISED_HOST_DEFAULT;
    private Map<Integer, String> peers = Map.of();
    private int maxRequestBytes = ServerConfigKeys.MAX_REQUEST_BYTES_DEFAULT;
    private int maxPartitionsPerRequest = ServerConfigKeys.MAX_PARTITIONS_PER_REQUEST_DEFAULT;
    private int requestTimeoutMs = ServerConfigKeys.REQUEST_TIMEOUT_MS_DEFAULT;
    private int fetchMaxWaitMs = ServerConfigKeys.FETCH_MAX_WAIT_MS_DEFAULT;
    private int shutdownTimeoutMs = ServerConfigKeys.SHUTDOWN_TIMEOUT_MS_DEFAULT;
    private int defaultPartitions = ServerConfigKeys.DEFAULT_PARTITIONS_DEFAULT;
    private int offsetsPartitions = ServerConfigKeys.OFFSETS_PARTITIONS_DEFAULT;
    private int offsetsRetentionMinutes = ServerConfigKeys.OFFSETS_RETENTION_MINUTES_DEFAULT;
    private int defaultReplicationFactor = ServerConfigKeys.DEFAULT_REPLICATION_FACTOR_DEFAULT;
    private int maxPartitionsPerTopic = ServerConfigKeys.MAX_PARTITIONS_PER_TOPIC_DEFAULT;
    private Map<String, String> topicConfigDefaults = Map.of();
    private int electionTimeoutMinMs = ServerConfigKeys.ELECTION_TIMEOUT_MIN_MS_DEFAULT;
    private int electionTimeoutMaxMs = ServerConfigKeys.ELECTION_TIMEOUT_MAX_MS_DEFAULT;
    private int snapshotThresholdEntries = ServerConfigKeys.SNAPSHOT_THRESHOLD_DEFAULT;
    private int raftSegmentBytes = ServerConfigKeys.RAFT_SEGMENT_BYTES_DEFAULT;
    private boolean metricsPartitionLabels = ServerConfigKeys.METRICS_PARTITION_LABELS_DEFAULT;
    private int metricsConsumerLagIntervalMs = ServerConfigKeys.METRICS_CONSUMER_LAG_INTERVAL_MS_DEFAULT;

    private Builder() {}

    private Builder(ServerConfig c) {
      nodeId = c.nodeId;
      dataDir = c.dataDir;
      bindHost = c.bindHost;
      grpcPort = c.grpcPort;
      raftPort = c.raftPort;
      metricsPort = c.metricsPort;
      advertisedHost = c.advertisedHost;
      peers = c.peers;
      maxRequestBytes = c.maxRequestBytes;
      maxPartitionsPerRequest = c.maxPartitionsPerRequest;
      requestTimeoutMs = c.requestTimeoutMs;
      fetchMaxWaitMs = c.fetchMaxWaitMs;
      shutdownTimeoutMs = c.shutdownTimeoutMs;
      defaultPartitions = c.defaultPartitions;
      offsetsPartitions = c.offsetsPartitions;
      offsetsRetentionMinutes = c.offsetsRetentionMinutes;
      defaultReplicationFactor = c.defaultReplicationFactor;
      maxPartitionsPerTopic = c.maxPartitionsPerTopic;
      topicConfigDefaults = c.topicConfigDefaults;
      electionTimeoutMinMs = c.electionTimeoutMinMs;
      electionTimeoutMaxMs = c.electionTimeoutMaxMs;
      snapshotThresholdEntries = c.snapshotThresholdEntries;
      raftSegmentBytes = c.raftSegmentBytes;
      metricsPartitionLabels = c.metricsPartitionLabels;
      metricsConsumerLagIntervalMs = c.metricsConsumerLagIntervalMs;
    }

    public Builder nodeId(int v) {
      nodeId = v;
      return this;
    }

    public Builder dataDir(Path v) {
      dataDir = Objects.requireNonNull(v, ServerConfigKeys.DATA_DIR_KEY);
      return this;
    }

    public Builder bindHost(String v) {
      bindHost = Objects.requireNonNull(v, ServerConfigKeys.BIND_HOST_KEY);
      return this;
    }

    public Builder grpcPort(int v) {
      grpcPort = v;
      return this;
    }

    public Builder raftPort(int v) {
      raftPort = v;
      return this;
    }

    public Builder metricsPort(int v) {
      metricsPort = v;
      return this;
    }

    public Builder advertisedHost(String v) {
      advertisedHost = Objects.requireNonNull(v, ServerConfigKeys.ADVERTISED_HOST_KEY);
      return this;
    }

    public Builder peers(Map<Integer, String> v) {
      peers = Map.copyOf(v);
      return this;
    }

    /** Same as {@link #peers(Map)} with {@link ServerConfig#parsePeers(String)}. */
    public Builder peers(String spec) {
      return peers(parsePeers(spec));
    }

    public Builder maxRequestBytes(int v) {
      maxRequestBytes = v;
      return this;
    }

    public Builder maxPartitionsPerRequest(int v) {
      maxPartitionsPerRequest = v;
      return this;
    }

    public Builder requestTimeoutMs(int v) {
      requestTimeoutMs = v;
      return this;
    }

    public Builder fetchMaxWaitMs(int v) {
      fetchMaxWaitMs = v;
      return this;
    }

    public Builder shutdownTimeoutMs(int v) {
      shutdownTimeoutMs = v;
      return this;
    }

    public Builder defaultPartitions(int v) {
      defaultPartitions = v;
      return this;
    }

    public Builder offsetsPartitions(int v) {
      offsetsPartitions = v;
      return this;
    }

    public Builder offsetsRetentionMinutes(int v) {
      offsetsRetentionMinutes = v;
      return this;
    }

    public Builder defaultReplicationFactor(int v) {
      defaultReplicationFactor = v;
      return this;
    }

    public Builder maxPartitionsPerTopic(int v) {
      maxPartitionsPerTopic = v;
      return this;
    }

    public Builder topicConfigDefaults(Map<String, String> v) {
      topicConfigDefaults = Map.copyOf(v);
      return this;
    }

    public Builder electionTimeoutMinMs(int v) {
      electionTimeoutMinMs = v;
      return this;
    }

    public Builder electionTimeoutMaxMs(int v) {
      electionTimeoutMaxMs = v;
      return this;
    }

    public Builder snapshotThresholdEntries(int v) {
      snapshotThresholdEntries = v;
      return this;
    }

    public Builder raftSegmentBytes(int v) {
      raftSegmentBytes = v;
      return this;
    }

    public Builder metricsPartitionLabels(boolean v) {
      metricsPartitionLabels = v;
      return this;
    }

    public Builder metricsConsumerLagIntervalMs(int v) {
      metricsConsumerLagIntervalMs = v;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException listing every invalid key, each with what to change
     */
    public ServerConfig build() {
      ServerConfig config = new ServerConfig(this);
      List<String> problems = new ArrayList<>();
      ServerConfigValidator.validate(config, problems);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Invalid configuration:\n  - " + String.join("\n  - ", problems));
      }
      return config;
    }
  }
}
