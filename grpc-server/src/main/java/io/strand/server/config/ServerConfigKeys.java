package io.strand.server.config;

import java.util.List;

/**
 * The catalogue of every server setting: for each one a {@code *_KEY} (as used in config files, and as
 * {@code STRAND_*} environment variables and {@code --*} flags by the CLI), a {@code *_DOC} sentence and a
 * {@code *_DEFAULT}. {@link #definitions()} lists them all; docs/configuration.md is checked against it by
 * {@code ConfigurationDocTest}. The typed, validated values live in {@link ServerConfig}.
 *
 * <p>Constants only; thread-safe.
 */
public final class ServerConfigKeys {

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

  private ServerConfigKeys() {}

  /** Every config key with its type, default and doc, in documentation order. */
  public static List<ConfigDef> definitions() {
    return DEFINITIONS;
  }
}
