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
 * Typed configuration of one Strand node. Every key has a {@code *_KEY} name (as used in config files, and as
 * {@code STRAND_*} environment variables and {@code --*} flags by the CLI), a {@code *_DOC} sentence and a
 * {@code *_DEFAULT}. {@link Builder#build()} validates the whole config and reports every problem at once with
 * a message that says what to fix. {@link #definitions()} lists all keys; docs/configuration.md is checked
 * against it by a unit test.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServerConfig {

  public static final String NODE_ID_KEY = "node.id";
  public static final String NODE_ID_DOC = "This node's id, unique in the cluster (>= 1).";
  public static final int NODE_ID_DEFAULT = 1;

  public static final String DATA_DIR_KEY = "data.dir";
  public static final String DATA_DIR_DOC =
      "Directory for all of this node's data (Raft logs, partition segments, metadata snapshots). Must be"
          + " writable; created if missing.";
  public static final String DATA_DIR_DEFAULT = "./data";

  public static final String BIND_HOST_KEY = "bind.host";
  public static final String BIND_HOST_DOC = "Interface the gRPC, Raft and metrics ports bind to.";
  public static final String BIND_HOST_DEFAULT = "0.0.0.0";

  public static final String GRPC_PORT_KEY = "grpc.port";
  public static final String GRPC_PORT_DOC = "Port of the client gRPC API (0 picks a free port).";
  public static final int GRPC_PORT_DEFAULT = 7070;

  public static final String RAFT_PORT_KEY = "raft.port";
  public static final String RAFT_PORT_DOC =
      "Port of the Raft server that replicates metadata and partitions; must match this node's entry in peers.";
  public static final int RAFT_PORT_DEFAULT = 7071;

  public static final String METRICS_PORT_KEY = "metrics.port";
  public static final String METRICS_PORT_DOC =
      "Port of the HTTP endpoint serving /metrics (Prometheus), /healthz and /readyz; 0 disables it.";
  public static final int METRICS_PORT_DEFAULT = 7072;

  public static final String ADVERTISED_HOST_KEY = "advertised.host";
  public static final String ADVERTISED_HOST_DOC =
      "Host name or address that clients and other nodes use to reach this node's gRPC port.";
  public static final String ADVERTISED_HOST_DEFAULT = "127.0.0.1";

  public static final String PEERS_KEY = "peers";
  public static final String PEERS_DOC =
      "All nodes of the cluster as ID=HOST:RAFT_PORT,... (this node included); empty runs a single-node"
          + " cluster of this node. Every node must be given the same list.";
  public static final String PEERS_DEFAULT = "";

  public static final String MAX_REQUEST_BYTES_KEY = "server.max.request.bytes";
  public static final String MAX_REQUEST_BYTES_DOC =
      "Largest accepted request in bytes (serialized); larger requests fail with REQUEST_TOO_LARGE.";
  public static final int MAX_REQUEST_BYTES_DEFAULT = 16 * 1024 * 1024;

  public static final String MAX_PARTITIONS_PER_REQUEST_KEY = "server.max.partitions.per.request";
  public static final String MAX_PARTITIONS_PER_REQUEST_DOC =
      "Most partitions one produce, fetch, subscribe, list-offsets or delete-records request may name;"
          + " more fail with TOO_MANY_PARTITIONS.";
  public static final int MAX_PARTITIONS_PER_REQUEST_DEFAULT = 1000;

  public static final String REQUEST_TIMEOUT_MS_KEY = "server.request.timeout.ms";
  public static final String REQUEST_TIMEOUT_MS_DOC =
      "Default time a produce or admin request may take when the client sets no timeout (milliseconds);"
          + " a shorter gRPC deadline wins.";
  public static final int REQUEST_TIMEOUT_MS_DEFAULT = 30_000;

  public static final String FETCH_MAX_WAIT_MS_KEY = "server.fetch.max.wait.ms";
  public static final String FETCH_MAX_WAIT_MS_DOC =
      "Upper bound of a fetch long-poll (milliseconds); larger max_wait_ms values are capped to it.";
  public static final int FETCH_MAX_WAIT_MS_DEFAULT = 30_000;

  public static final String SHUTDOWN_TIMEOUT_MS_KEY = "server.shutdown.timeout.ms";
  public static final String SHUTDOWN_TIMEOUT_MS_DOC =
      "How long a graceful shutdown waits for in-flight calls before cancelling them (milliseconds).";
  public static final int SHUTDOWN_TIMEOUT_MS_DEFAULT = 10_000;

  public static final String DEFAULT_PARTITIONS_KEY = "topic.default.partitions";
  public static final String DEFAULT_PARTITIONS_DOC =
      "Partition count of a topic created with partitions = 0.";
  public static final int DEFAULT_PARTITIONS_DEFAULT = 1;

  public static final String OFFSETS_PARTITIONS_KEY = "offsets.topic.num.partitions";
  public static final String OFFSETS_PARTITIONS_DOC =
      "Partition count of the internal __consumer_offsets topic, created at cluster start (replication factor "
      + "min(3, nodes)); changing it after the topic exists has no effect.";
  public static final int OFFSETS_PARTITIONS_DEFAULT = 8;

  public static final String OFFSETS_RETENTION_MINUTES_KEY = "offsets.retention.minutes";
  public static final String OFFSETS_RETENTION_MINUTES_DOC =
      "How long the committed offsets of an empty consumer group are kept (minutes, counted from when the group "
      + "became empty or the offset was committed, whichever is later).";
  public static final int OFFSETS_RETENTION_MINUTES_DEFAULT = 7 * 24 * 60;

  public static final String DEFAULT_REPLICATION_FACTOR_KEY = "topic.default.replication.factor";
  public static final String DEFAULT_REPLICATION_FACTOR_DOC =
      "Replication factor of a topic created with replication_factor = 0, capped at the live node count.";
  public static final int DEFAULT_REPLICATION_FACTOR_DEFAULT = 3;

  public static final String MAX_PARTITIONS_PER_TOPIC_KEY = "topic.max.partitions";
  public static final String MAX_PARTITIONS_PER_TOPIC_DOC =
      "Most partitions one topic may have; more fail with INVALID_PARTITIONS.";
  public static final int MAX_PARTITIONS_PER_TOPIC_DEFAULT = 1000;

  public static final String TOPIC_CONFIG_DEFAULTS_KEY = "topic.config.defaults";
  public static final String TOPIC_CONFIG_DEFAULTS_DOC =
      "Topic config values applied where a topic sets no override, as KEY=VALUE,... (for example"
          + " retention.ms=86400000,segment.bytes=67108864); unset keys use the log defaults.";
  public static final String TOPIC_CONFIG_DEFAULTS_DEFAULT = "";

  public static final String ELECTION_TIMEOUT_MIN_MS_KEY = "raft.election.timeout.min.ms";
  public static final String ELECTION_TIMEOUT_MIN_MS_DOC =
      "Lower bound of the Raft election timeout (milliseconds); heartbeats go every half of it.";
  public static final int ELECTION_TIMEOUT_MIN_MS_DEFAULT = 1000;

  public static final String ELECTION_TIMEOUT_MAX_MS_KEY = "raft.election.timeout.max.ms";
  public static final String ELECTION_TIMEOUT_MAX_MS_DOC =
      "Upper bound of the Raft election timeout (milliseconds); must exceed the lower bound.";
  public static final int ELECTION_TIMEOUT_MAX_MS_DEFAULT = 2000;

  public static final String SNAPSHOT_THRESHOLD_KEY = "raft.snapshot.threshold.entries";
  public static final String SNAPSHOT_THRESHOLD_DOC =
      "A group takes a snapshot and purges its Raft log after this many applied entries.";
  public static final int SNAPSHOT_THRESHOLD_DEFAULT = 10_000;

  public static final String RAFT_SEGMENT_BYTES_KEY = "raft.log.segment.bytes";
  public static final String RAFT_SEGMENT_BYTES_DOC =
      "Size at which a Raft log segment file is rolled (bytes, >= 65536); purging after a snapshot deletes only"
          + " whole closed segments.";
  public static final int RAFT_SEGMENT_BYTES_DEFAULT = 8 * 1024 * 1024;

  public static final String METRICS_PARTITION_LABELS_KEY = "metrics.partition.labels.enabled";
  public static final String METRICS_PARTITION_LABELS_DOC =
      "Export the per-partition meters (strand_partition_*, labelled topic and partition); set false on nodes"
          + " with many thousands of partition replicas to bound the series count. Node-level meters stay.";
  public static final boolean METRICS_PARTITION_LABELS_DEFAULT = true;

  public static final String METRICS_CONSUMER_LAG_INTERVAL_MS_KEY = "metrics.consumer.lag.interval.ms";
  public static final String METRICS_CONSUMER_LAG_INTERVAL_MS_DOC =
      "How often (milliseconds, >= 100) a group coordinator refreshes strand_consumer_group_lag_records: one batched"
          + " log end offset lookup for every committed partition of the groups it coordinates.";
  public static final int METRICS_CONSUMER_LAG_INTERVAL_MS_DEFAULT = 15_000;

  private static final List<ConfigDef> DEFINITIONS = List.of(
      new ConfigDef(NODE_ID_KEY, "int", String.valueOf(NODE_ID_DEFAULT), NODE_ID_DOC),
      new ConfigDef(DATA_DIR_KEY, "path", DATA_DIR_DEFAULT, DATA_DIR_DOC),
      new ConfigDef(BIND_HOST_KEY, "string", BIND_HOST_DEFAULT, BIND_HOST_DOC),
      new ConfigDef(GRPC_PORT_KEY, "int", String.valueOf(GRPC_PORT_DEFAULT), GRPC_PORT_DOC),
      new ConfigDef(RAFT_PORT_KEY, "int", String.valueOf(RAFT_PORT_DEFAULT), RAFT_PORT_DOC),
      new ConfigDef(METRICS_PORT_KEY, "int", String.valueOf(METRICS_PORT_DEFAULT), METRICS_PORT_DOC),
      new ConfigDef(ADVERTISED_HOST_KEY, "string", ADVERTISED_HOST_DEFAULT, ADVERTISED_HOST_DOC),
      new ConfigDef(PEERS_KEY, "list", PEERS_DEFAULT, PEERS_DOC),
      new ConfigDef(MAX_REQUEST_BYTES_KEY, "int", String.valueOf(MAX_REQUEST_BYTES_DEFAULT),
          MAX_REQUEST_BYTES_DOC),
      new ConfigDef(MAX_PARTITIONS_PER_REQUEST_KEY, "int", String.valueOf(MAX_PARTITIONS_PER_REQUEST_DEFAULT),
          MAX_PARTITIONS_PER_REQUEST_DOC),
      new ConfigDef(REQUEST_TIMEOUT_MS_KEY, "int", String.valueOf(REQUEST_TIMEOUT_MS_DEFAULT),
          REQUEST_TIMEOUT_MS_DOC),
      new ConfigDef(FETCH_MAX_WAIT_MS_KEY, "int", String.valueOf(FETCH_MAX_WAIT_MS_DEFAULT),
          FETCH_MAX_WAIT_MS_DOC),
      new ConfigDef(SHUTDOWN_TIMEOUT_MS_KEY, "int", String.valueOf(SHUTDOWN_TIMEOUT_MS_DEFAULT),
          SHUTDOWN_TIMEOUT_MS_DOC),
      new ConfigDef(DEFAULT_PARTITIONS_KEY, "int", String.valueOf(DEFAULT_PARTITIONS_DEFAULT),
          DEFAULT_PARTITIONS_DOC),
      new ConfigDef(OFFSETS_PARTITIONS_KEY, "int", String.valueOf(OFFSETS_PARTITIONS_DEFAULT),
          OFFSETS_PARTITIONS_DOC),
      new ConfigDef(OFFSETS_RETENTION_MINUTES_KEY, "int", String.valueOf(OFFSETS_RETENTION_MINUTES_DEFAULT),
          OFFSETS_RETENTION_MINUTES_DOC),
      new ConfigDef(DEFAULT_REPLICATION_FACTOR_KEY, "int", String.valueOf(DEFAULT_REPLICATION_FACTOR_DEFAULT),
          DEFAULT_REPLICATION_FACTOR_DOC),
      new ConfigDef(MAX_PARTITIONS_PER_TOPIC_KEY, "int", String.valueOf(MAX_PARTITIONS_PER_TOPIC_DEFAULT),
          MAX_PARTITIONS_PER_TOPIC_DOC),
      new ConfigDef(TOPIC_CONFIG_DEFAULTS_KEY, "map", TOPIC_CONFIG_DEFAULTS_DEFAULT, TOPIC_CONFIG_DEFAULTS_DOC),
      new ConfigDef(ELECTION_TIMEOUT_MIN_MS_KEY, "int", String.valueOf(ELECTION_TIMEOUT_MIN_MS_DEFAULT),
          ELECTION_TIMEOUT_MIN_MS_DOC),
      new ConfigDef(ELECTION_TIMEOUT_MAX_MS_KEY, "int", String.valueOf(ELECTION_TIMEOUT_MAX_MS_DEFAULT),
          ELECTION_TIMEOUT_MAX_MS_DOC),
      new ConfigDef(SNAPSHOT_THRESHOLD_KEY, "int", String.valueOf(SNAPSHOT_THRESHOLD_DEFAULT),
          SNAPSHOT_THRESHOLD_DOC),
      new ConfigDef(RAFT_SEGMENT_BYTES_KEY, "int", String.valueOf(RAFT_SEGMENT_BYTES_DEFAULT),
          RAFT_SEGMENT_BYTES_DOC),
      new ConfigDef(METRICS_PARTITION_LABELS_KEY, "boolean", String.valueOf(METRICS_PARTITION_LABELS_DEFAULT),
          METRICS_PARTITION_LABELS_DOC),
      new ConfigDef(METRICS_CONSUMER_LAG_INTERVAL_MS_KEY, "int",
          String.valueOf(METRICS_CONSUMER_LAG_INTERVAL_MS_DEFAULT), METRICS_CONSUMER_LAG_INTERVAL_MS_DOC));

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

  /** Every config key with its type, default and doc, in documentation order. */
  public static List<ConfigDef> definitions() {
    return DEFINITIONS;
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
    shown.put(NODE_ID_KEY, nodeId);
    shown.put(DATA_DIR_KEY, dataDir);
    shown.put(BIND_HOST_KEY, bindHost);
    shown.put(GRPC_PORT_KEY, grpcPort);
    shown.put(RAFT_PORT_KEY, raftPort);
    shown.put(METRICS_PORT_KEY, metricsPort);
    shown.put(ADVERTISED_HOST_KEY, advertisedHost);
    shown.put(PEERS_KEY, peers);
    shown.put(MAX_REQUEST_BYTES_KEY, maxRequestBytes);
    shown.put(MAX_PARTITIONS_PER_REQUEST_KEY, maxPartitionsPerRequest);
    shown.put(REQUEST_TIMEOUT_MS_KEY, requestTimeoutMs);
    shown.put(FETCH_MAX_WAIT_MS_KEY, fetchMaxWaitMs);
    shown.put(SHUTDOWN_TIMEOUT_MS_KEY, shutdownTimeoutMs);
    shown.put(DEFAULT_PARTITIONS_KEY, defaultPartitions);
    shown.put(OFFSETS_PARTITIONS_KEY, offsetsPartitions);
    shown.put(OFFSETS_RETENTION_MINUTES_KEY, offsetsRetentionMinutes);
    shown.put(DEFAULT_REPLICATION_FACTOR_KEY, defaultReplicationFactor);
    shown.put(MAX_PARTITIONS_PER_TOPIC_KEY, maxPartitionsPerTopic);
    shown.put(TOPIC_CONFIG_DEFAULTS_KEY, topicConfigDefaults);
    shown.put(ELECTION_TIMEOUT_MIN_MS_KEY, electionTimeoutMinMs);
    shown.put(ELECTION_TIMEOUT_MAX_MS_KEY, electionTimeoutMaxMs);
    shown.put(SNAPSHOT_THRESHOLD_KEY, snapshotThresholdEntries);
    shown.put(RAFT_SEGMENT_BYTES_KEY, raftSegmentBytes);
    shown.put(METRICS_PARTITION_LABELS_KEY, metricsPartitionLabels);
    shown.put(METRICS_CONSUMER_LAG_INTERVAL_MS_KEY, metricsConsumerLagIntervalMs);
    return "ServerConfig" + shown;
  }

  /** Mutable builder; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private int nodeId = NODE_ID_DEFAULT;
    private Path dataDir = Path.of(DATA_DIR_DEFAULT);
    private String bindHost = BIND_HOST_DEFAULT;
    private int grpcPort = GRPC_PORT_DEFAULT;
    private int raftPort = RAFT_PORT_DEFAULT;
    private int metricsPort = METRICS_PORT_DEFAULT;
    private String advertisedHost = ADVERTISED_HOST_DEFAULT;
    private Map<Integer, String> peers = Map.of();
    private int maxRequestBytes = MAX_REQUEST_BYTES_DEFAULT;
    private int maxPartitionsPerRequest = MAX_PARTITIONS_PER_REQUEST_DEFAULT;
    private int requestTimeoutMs = REQUEST_TIMEOUT_MS_DEFAULT;
    private int fetchMaxWaitMs = FETCH_MAX_WAIT_MS_DEFAULT;
    private int shutdownTimeoutMs = SHUTDOWN_TIMEOUT_MS_DEFAULT;
    private int defaultPartitions = DEFAULT_PARTITIONS_DEFAULT;
    private int offsetsPartitions = OFFSETS_PARTITIONS_DEFAULT;
    private int offsetsRetentionMinutes = OFFSETS_RETENTION_MINUTES_DEFAULT;
    private int defaultReplicationFactor = DEFAULT_REPLICATION_FACTOR_DEFAULT;
    private int maxPartitionsPerTopic = MAX_PARTITIONS_PER_TOPIC_DEFAULT;
    private Map<String, String> topicConfigDefaults = Map.of();
    private int electionTimeoutMinMs = ELECTION_TIMEOUT_MIN_MS_DEFAULT;
    private int electionTimeoutMaxMs = ELECTION_TIMEOUT_MAX_MS_DEFAULT;
    private int snapshotThresholdEntries = SNAPSHOT_THRESHOLD_DEFAULT;
    private int raftSegmentBytes = RAFT_SEGMENT_BYTES_DEFAULT;
    private boolean metricsPartitionLabels = METRICS_PARTITION_LABELS_DEFAULT;
    private int metricsConsumerLagIntervalMs = METRICS_CONSUMER_LAG_INTERVAL_MS_DEFAULT;

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
      dataDir = Objects.requireNonNull(v, DATA_DIR_KEY);
      return this;
    }

    public Builder bindHost(String v) {
      bindHost = Objects.requireNonNull(v, BIND_HOST_KEY);
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
      advertisedHost = Objects.requireNonNull(v, ADVERTISED_HOST_KEY);
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
